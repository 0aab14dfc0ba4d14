import { afterEach, describe, expect, it, vi } from 'vitest';

const warmUp = vi.hoisted(() => ({ done: () => undefined as void, promise: Promise.resolve() }));
vi.mock('$lib/i18n/icu-warmup.ts', () => ({ icuWarmedUp: () => warmUp.promise }));
vi.mock('$lib/paraglide/runtime.js', () => ({ getLocale: () => 'en' }));

afterEach(() => vi.unstubAllGlobals());

describe("the review's date formatters, made ahead", () => {
	it('are made in idle moments only once ICU has been initialized off the page’s thread', async () => {
		warmUp.promise = new Promise<void>((resolve) => (warmUp.done = resolve));
		const idle = vi.fn();
		vi.stubGlobal('requestIdleCallback', idle);
		vi.resetModules();
		await import('../../../src/lib/components/format.ts');
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(idle).not.toHaveBeenCalled();
		warmUp.done();
		await warmUp.promise;
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(idle).toHaveBeenCalledTimes(3);
	});
});
