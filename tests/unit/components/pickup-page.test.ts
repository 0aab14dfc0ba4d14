// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { m } from '../../../src/lib/paraglide/messages.js';
import { load } from '../../../src/routes/+layout.ts';
import PickupPage from '../../../src/routes/pickup/+page.svelte';
import { loadPickupEngine, pickupEngineToMount } from '../../../src/routes/pickup/pickup-engine.ts';

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

describe('the root layout', () => {
	type LoadEvent = Parameters<typeof load>[0];
	const settingsNeverArrive = (() => new Promise(() => undefined)) as typeof fetch;

	it('starts fetching the pickup engine before the settings and texts are in, on /pickup', () => {
		vi.mocked(loadPickupEngine).mockReturnValue(new Promise(() => undefined));
		void load({ fetch: settingsNeverArrive, route: { id: '/pickup' } } as LoadEvent);
		expect(loadPickupEngine).toHaveBeenCalledOnce();
	});

	it('leaves the engine alone on the start page', () => {
		void load({ fetch: settingsNeverArrive, route: { id: '/' } } as LoadEvent);
		expect(loadPickupEngine).not.toHaveBeenCalled();
	});
});
