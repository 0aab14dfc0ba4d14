import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { WarmupWorker } from '../../../src/lib/i18n/icu-warmup.ts';

type Warmup = typeof import('../../../src/lib/i18n/icu-warmup.ts');

async function freshWarmup(): Promise<Warmup> {
	vi.resetModules();
	return import('../../../src/lib/i18n/icu-warmup.ts');
}

beforeEach(() => vi.stubGlobal('Worker', class {}));
const fakeWorker = (): WarmupWorker => ({ onmessage: null, onerror: null });
afterEach(() => vi.unstubAllGlobals());

describe('initializing ICU off the page’s thread', () => {
	it('starts its worker once per page, however often the layout loads', async () => {
		const { warmIcuOffMainThread } = await freshWarmup();
		const startWorker = vi.fn(fakeWorker);
		warmIcuOffMainThread(startWorker);
		warmIcuOffMainThread(startWorker);
		expect(startWorker).toHaveBeenCalledTimes(1);
	});

	it('leaves it to the page where there are no workers', async () => {
		vi.stubGlobal('Worker', undefined);
		const { warmIcuOffMainThread, icuWarmedUp } = await freshWarmup();
		const startWorker = vi.fn(fakeWorker);
		warmIcuOffMainThread(startWorker);
		expect(startWorker).not.toHaveBeenCalled();
		await expect(icuWarmedUp()).resolves.toBeUndefined();
	});

	it('goes on when the browser refuses the worker', async () => {
		const { warmIcuOffMainThread } = await freshWarmup();
		const refused = vi.fn(() => {
			throw new DOMException('refused by the Content-Security-Policy', 'SecurityError');
		});
		expect(() => warmIcuOffMainThread(refused)).not.toThrow();
		expect(refused).toHaveBeenCalledTimes(1);
	});

	it('has the worker make a date formatter, use it, and end itself', async () => {
		const close = vi.fn();
		const postMessage = vi.fn();
		vi.stubGlobal('self', { close, postMessage });
		const made: string[] = [];
		const Real = Intl.DateTimeFormat;
		class Counted extends Real {
			override format(date?: Date | number): string {
				const text = super.format(date);
				made.push(text);
				return text;
			}
		}
		vi.stubGlobal(
			'Intl',
			Object.assign(Object.create(Intl) as typeof Intl, { DateTimeFormat: Counted })
		);
		vi.resetModules();
		await import('../../../src/lib/i18n/icu-warmup-worker.ts');
		expect(made).toHaveLength(1);
		expect(postMessage).toHaveBeenCalledTimes(1);
		expect(close).toHaveBeenCalledTimes(1);
	});

	it.each([
		['its word', (worker: WarmupWorker) => worker.onmessage?.(new MessageEvent('message'))],
		['its failure', (worker: WarmupWorker) => worker.onerror?.(new Event('error') as ErrorEvent)]
	])('is waited for until the worker sends %s', async (_, settle) => {
		const { warmIcuOffMainThread, icuWarmedUp } = await freshWarmup();
		const worker = fakeWorker();
		warmIcuOffMainThread(() => worker);
		let warmed = false;
		void icuWarmedUp().then(() => (warmed = true));
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(warmed).toBe(false);
		settle(worker);
		await icuWarmedUp();
		expect(warmed).toBe(true);
	});

	it('is not waited for when the browser refused the worker', async () => {
		const { warmIcuOffMainThread, icuWarmedUp } = await freshWarmup();
		warmIcuOffMainThread(() => {
			throw new DOMException('refused', 'SecurityError');
		});
		await expect(icuWarmedUp()).resolves.toBeUndefined();
	});
});
