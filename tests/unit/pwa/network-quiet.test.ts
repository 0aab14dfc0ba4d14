import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resourceTimingRequests, whenNetworkQuiet } from '$lib/pwa/network-quiet.ts';

const WAIT = { quietMs: 1000, latestMs: 10_000 };

function fakeRequests() {
	let listener: (() => void) | null = null;
	let stopped = false;
	return {
		finished: (given: () => void) => {
			listener = given;
			return () => {
				stopped = true;
			};
		},
		finish: () => listener?.(),
		get stopped() {
			return stopped;
		}
	};
}

function settledAt(promise: Promise<void>): { at: number | null } {
	const outcome: { at: number | null } = { at: null };
	void promise.then(() => (outcome.at = Date.now()));
	return outcome;
}

describe('whenNetworkQuiet', () => {
	beforeEach(() => vi.useFakeTimers({ now: 0 }));
	afterEach(() => vi.useRealTimers());

	it('resolves once no request has finished for the quiet time', async () => {
		const requests = fakeRequests();
		const outcome = settledAt(whenNetworkQuiet(WAIT, requests.finished));
		await vi.advanceTimersByTimeAsync(999);
		expect(outcome.at).toBeNull();
		await vi.advanceTimersByTimeAsync(1);
		expect(outcome.at).toBe(1000);
		expect(requests.stopped).toBe(true);
	});

	it('starts the quiet time again at each finished request', async () => {
		const requests = fakeRequests();
		const outcome = settledAt(whenNetworkQuiet(WAIT, requests.finished));
		await vi.advanceTimersByTimeAsync(900);
		requests.finish();
		await vi.advanceTimersByTimeAsync(900);
		requests.finish();
		await vi.advanceTimersByTimeAsync(999);
		expect(outcome.at).toBeNull();
		await vi.advanceTimersByTimeAsync(1);
		expect(outcome.at).toBe(2800);
	});

	it('resolves at the latest time on a page whose requests never pause', async () => {
		const requests = fakeRequests();
		const outcome = settledAt(whenNetworkQuiet(WAIT, requests.finished));
		for (let elapsed = 0; elapsed < 12_000; elapsed += 500) {
			requests.finish();
			await vi.advanceTimersByTimeAsync(500);
		}
		expect(outcome.at).toBe(10_000);
		expect(requests.stopped).toBe(true);
		expect(vi.getTimerCount()).toBe(0);
	});

	it('leaves no timer behind once quiet', async () => {
		const outcome = settledAt(whenNetworkQuiet(WAIT, fakeRequests().finished));
		await vi.advanceTimersByTimeAsync(1000);
		expect(outcome.at).toBe(1000);
		expect(vi.getTimerCount()).toBe(0);
	});
});

describe('resourceTimingRequests', () => {
	afterEach(() => vi.unstubAllGlobals());

	it('hears each finished request through a resource PerformanceObserver, until stopped', () => {
		const observers: { callback: () => void; type?: string; disconnected: boolean }[] = [];
		vi.stubGlobal(
			'PerformanceObserver',
			class {
				record: (typeof observers)[number];
				constructor(callback: () => void) {
					this.record = { callback, disconnected: false };
					observers.push(this.record);
				}
				observe({ type }: { type: string }) {
					this.record.type = type;
				}
				disconnect() {
					this.record.disconnected = true;
				}
			}
		);
		const heard = vi.fn();
		const stop = resourceTimingRequests(heard);
		expect(observers).toHaveLength(1);
		expect(observers[0]!.type).toBe('resource');
		observers[0]!.callback();
		expect(heard).toHaveBeenCalledTimes(1);
		stop();
		expect(observers[0]!.disconnected).toBe(true);
	});

	it('hears nothing, and fails nothing, where the browser has no PerformanceObserver', () => {
		vi.stubGlobal('PerformanceObserver', undefined);
		const stop = resourceTimingRequests(() => undefined);
		expect(stop).not.toThrow();
	});
});
