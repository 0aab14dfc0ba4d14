/**
 * A page's first Intl date formatter initializes ICU for the whole renderer process: 41 to 67 ms
 * on the page's thread in Chromium here, a long task of whichever task came first (an idle
 * callback making the review's formatters). Made once in a worker, while the first screen waits
 * for the rest of the app, it costs the worker's thread instead, and the page's formatters then
 * take under a millisecond (0.3 to 0.4 ms measured).
 */
let started = false;

export function warmIcuOffMainThread(
	startWorker: () => unknown = () =>
		new Worker(new URL('./icu-warmup-worker.ts', import.meta.url), { type: 'module' })
): void {
	if (started || typeof Worker !== 'function') return;
	started = true;
	try {
		startWorker();
	} catch {
		// A policy or an engine that refuses the worker: the page's thread initializes ICU as before.
	}
}
