// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import type { DeploymentConfig } from '../../../src/lib/deployment-config.ts';
import { loadLocaleTexts } from '../../../src/lib/i18n/locale-texts.ts';
import { loadPickupEngine } from '../../../src/routes/pickup/pickup-engine.ts';

vi.mock('../../../src/lib/i18n/locale-texts.ts', () => ({ loadLocaleTexts: vi.fn() }));
vi.mock('../../../src/routes/pickup/pickup-session.ts', () => ({ pickupFlow: vi.fn() }));

describe('the pickup engine', () => {
	it('does not arrive without the texts of the steps, so a step never renders without them', async () => {
		vi.mocked(loadLocaleTexts).mockRejectedValue(
			new TypeError('Failed to fetch dynamically imported module')
		);
		// The /pickup page shows its localized alert for this (pickup-page.dom.test.ts).
		await expect(loadPickupEngine()).rejects.toThrow('Failed to fetch');
		expect(loadLocaleTexts).toHaveBeenCalledWith('en');
	});
});

/** The engine module afresh, its texts arriving, with the pickup it starts observed. */
async function freshEngine() {
	vi.resetModules();
	const texts = await import('../../../src/lib/i18n/locale-texts.ts');
	vi.mocked(texts.loadLocaleTexts).mockResolvedValue(undefined);
	const session = await import('../../../src/routes/pickup/pickup-session.ts');
	vi.mocked(session.pickupFlow).mockClear();
	const engine = await import('../../../src/routes/pickup/pickup-engine.ts');
	await engine.loadPickupEngine();
	return { engine, startPickup: vi.mocked(session.pickupFlow) };
}

/** Whether it was handed over within a few microtasks, what it had started by then, and once handed. */
async function handOver(
	engine: Awaited<ReturnType<typeof freshEngine>>['engine'],
	config: DeploymentConfig | null,
	startPickup: ReturnType<typeof vi.fn>
) {
	let handed = false;
	const mounting = engine.pickupEngineToMount(config).then(() => (handed = true));
	for (let microtask = 0; microtask < 10; microtask++) await Promise.resolve();
	const early = { handed, started: [...startPickup.mock.calls] };
	await mounting;
	return { early, handed };
}

describe('the pickup engine, handed to the page', () => {
	it('is mounted in a task after the one it arrived in, not in the one that rendered the layout', async () => {
		const { engine, startPickup } = await freshEngine();
		const { early, handed } = await handOver(engine, null, startPickup);
		expect(early.handed).toBe(false);
		expect(handed).toBe(true);
	});

	it('starts the pickup as it arrives, before the task that mounts it', async () => {
		const { engine, startPickup } = await freshEngine();
		const config = { apiBaseUrl: 'https://ca.example/api/v1' } as DeploymentConfig;
		const { early } = await handOver(engine, config, startPickup);
		expect(early.started).toEqual([[config]]);
		expect(early.handed).toBe(false);
	});

	it('starts no pickup without the settings: the layout shows their problem instead', async () => {
		const { engine, startPickup } = await freshEngine();
		await handOver(engine, null, startPickup);
		expect(startPickup).not.toHaveBeenCalled();
	});
});
