// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { loadLocaleTexts } from '../../../src/lib/i18n/locale-texts.ts';
import { loadPickupEngine } from '../../../src/routes/pickup/pickup-engine.ts';

vi.mock('../../../src/lib/i18n/locale-texts.ts', () => ({ loadLocaleTexts: vi.fn() }));

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
		const mounting = engine.pickupEngineToMount().then(() => (handed = true));
		for (let microtask = 0; microtask < 10; microtask++) await Promise.resolve();
		expect(handed).toBe(false);
		await mounting;
		expect(handed).toBe(true);
	});
});
