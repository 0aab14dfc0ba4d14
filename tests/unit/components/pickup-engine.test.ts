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
		// The /pickup page shows its localized alert for this (pickup-page.test.ts).
		await expect(loadPickupEngine()).rejects.toThrow('Failed to fetch');
		expect(loadLocaleTexts).toHaveBeenCalledWith('en');
	});
});

describe('the pickup engine, handed to the page', () => {
	it('is mounted in a task after the one it arrived in, not in the one that rendered the layout', async () => {
		vi.resetModules();
		const texts = await import('../../../src/lib/i18n/locale-texts.ts');
		vi.mocked(texts.loadLocaleTexts).mockResolvedValue(undefined);
		const engine = await import('../../../src/routes/pickup/pickup-engine.ts');
		await engine.loadPickupEngine();
		let handed = false;
		const mounting = engine.pickupEngineToMount(null).then(() => (handed = true));
		for (let microtask = 0; microtask < 10; microtask++) await Promise.resolve();
		expect(handed).toBe(false);
		await mounting;
		expect(handed).toBe(true);
	});

	it('starts the pickup as it arrives, before the task that mounts it', async () => {
		vi.resetModules();
		const texts = await import('../../../src/lib/i18n/locale-texts.ts');
		vi.mocked(texts.loadLocaleTexts).mockResolvedValue(undefined);
		const session = await import('../../../src/routes/pickup/pickup-session.ts');
		const engine = await import('../../../src/routes/pickup/pickup-engine.ts');
		await engine.loadPickupEngine();
		const config = { apiBaseUrl: 'https://ca.example/api/v1' } as DeploymentConfig;
		vi.mocked(session.pickupFlow).mockClear();
		let handed = false;
		const mounting = engine.pickupEngineToMount(config).then(() => (handed = true));
		for (let microtask = 0; microtask < 10; microtask++) await Promise.resolve();
		const startedBeforeMount = [...vi.mocked(session.pickupFlow).mock.calls];
		const mountedAlready = handed;
		await mounting;
		expect(startedBeforeMount).toEqual([[config]]);
		expect(mountedAlready).toBe(false);
	});

	it('starts no pickup without the settings: the layout shows their problem instead', async () => {
		vi.resetModules();
		const texts = await import('../../../src/lib/i18n/locale-texts.ts');
		vi.mocked(texts.loadLocaleTexts).mockResolvedValue(undefined);
		const session = await import('../../../src/routes/pickup/pickup-session.ts');
		vi.mocked(session.pickupFlow).mockClear();
		const engine = await import('../../../src/routes/pickup/pickup-engine.ts');
		await engine.pickupEngineToMount(null);
		expect(session.pickupFlow).not.toHaveBeenCalled();
	});
});
