/**
 * A page's first Intl date formatter initializes ICU for the whole renderer process: 41 to 67 ms
 * on the page's thread in Chromium here, a long task of whichever task came first (an idle
 * callback making the review's formatters). Made once in a worker, while the first screen waits
 * for the rest of the app, it costs the worker's thread instead, and the page's formatters then
 * take under a millisecond (0.3 to 0.4 ms measured).
 */
let started = false;
let warmedUp: Promise<void> = Promise.resolve();

/** The part of a Worker this needs: it says once it has made its formatter, or that it failed. */
export interface WarmupWorker {
	onmessage: ((event: MessageEvent) => void) | null;
	onerror: ((event: ErrorEvent) => void) | null;
}

export function warmIcuOffMainThread(
	startWorker: () => WarmupWorker = () =>
		new Worker(new URL('./icu-warmup-worker.ts', import.meta.url), { type: 'module' })
): void {
	if (started || typeof Worker !== 'function') return;
	started = true;
	try {
		const worker = startWorker();
		warmedUp = new Promise((resolve) => {
			worker.onmessage = () => resolve();
			worker.onerror = () => resolve();
		});
	} catch {
		// A policy or an engine that refuses the worker: the page's thread initializes ICU as before.
	}
}

/**
 * Settles once the worker has initialized ICU (or failed to), at once where none was started. The
 * page's formatters wait for it: made while the worker still initializes, the first one took
 * 22 to 55 ms on the page's thread.
 */
export function icuWarmedUp(): Promise<void> {
	return warmedUp;
}
