// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { m } from '../../../src/lib/paraglide/messages.js';
import { load } from '../../../src/routes/+layout.ts';
import PickupPage from '../../../src/routes/pickup/+page.svelte';
import { loadPickupEngine, pickupEngineToMount } from '../../../src/routes/pickup/pickup-engine.ts';

// The layout's work after SvelteKit's start waits for this turn, which each test hands out itself.
const turn = vi.hoisted(() => ({ taken: Promise.resolve() }));
vi.mock('../../../src/lib/pki/next-task.ts', () => ({ nextTask: () => turn.taken }));
vi.mock('../../../src/routes/pickup/pickup-engine.ts', () => ({
	loadPickupEngine: vi.fn(),
	pickupEngineToMount: vi.fn()
}));

afterEach(() => {
	cleanup();
	vi.mocked(loadPickupEngine).mockReset();
	vi.mocked(pickupEngineToMount).mockReset();
});

const data = { config: null, configProblem: null };

describe('the /pickup page', () => {
	it('shows the opening step while the pickup engine is still on its way', () => {
		vi.mocked(pickupEngineToMount).mockReturnValue(new Promise(() => undefined));
		render(PickupPage, { data });
		expect(screen.getByRole('status').textContent).toBe(m.opening());
	});

	it('says the app did not load, instead of a blank page, when the engine cannot be fetched', async () => {
		vi.mocked(pickupEngineToMount).mockRejectedValue(
			new TypeError('Failed to fetch dynamically imported module')
		);
		render(PickupPage, { data });
		expect((await screen.findByRole('alert')).textContent).toBe(m.app_load_failed());
		expect(screen.queryByRole('status')).toBeNull();
	});
});

/** Holds the layout's next turn until the returned function gives it, and lets it run. */
function handOutTurn(): () => Promise<void> {
	let give = () => undefined as void;
	turn.taken = new Promise<void>((resolve) => (give = resolve));
	return async () => {
		give();
		await turn.taken;
		await Promise.resolve();
	};
}

describe('the root layout', () => {
	type LoadEvent = Parameters<typeof load>[0];
	const settingsNeverArrive = (() => new Promise(() => undefined)) as typeof fetch;

	it('starts fetching the pickup engine before the settings and texts are in, on /pickup, in a task after the start', async () => {
		vi.mocked(loadPickupEngine).mockReturnValue(new Promise(() => undefined));
		const nextTurn = handOutTurn();
		void load({ fetch: settingsNeverArrive, route: { id: '/pickup' } } as LoadEvent);
		expect(loadPickupEngine).not.toHaveBeenCalled();
		await nextTurn();
		expect(loadPickupEngine).toHaveBeenCalledOnce();
	});

	it('leaves the engine alone on the start page', async () => {
		const nextTurn = handOutTurn();
		void load({ fetch: settingsNeverArrive, route: { id: '/' } } as LoadEvent);
		await nextTurn();
		expect(loadPickupEngine).not.toHaveBeenCalled();
	});
});
