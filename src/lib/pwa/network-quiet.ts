/**
 * The moment a page has stopped loading: no request has finished for `quietMs`. The service
 * worker's install fetches every file of the app (about 220 KB) and writes each to the cache; run
 * while the pickup loaded and worked, it took about 290 ms of CPU on its own thread (plus the
 * browser's share) from a two-core machine, and on a slow line it would take bandwidth too.
 * `latestMs` bounds the wait on a page that never pauses.
 */
export interface QuietWait {
	quietMs: number;
	latestMs: number;
}

/** Calls the listener each time a request finishes; returns what stops listening. */
export type RequestsFinished = (listener: () => void) => () => void;

export function whenNetworkQuiet(
	{ quietMs, latestMs }: QuietWait,
	requestsFinished: RequestsFinished = resourceTimingRequests
): Promise<void> {
	return new Promise((resolve) => {
		let settled = false;
		const done = () => {
			settled = true;
			stopListening();
			clearTimeout(quiet);
			clearTimeout(latest);
			resolve();
		};
		let quiet = setTimeout(done, quietMs);
		const latest = setTimeout(done, latestMs);
		// An observer may still deliver entries it had queued when it was disconnected.
		const stopListening = requestsFinished(() => {
			if (settled) return;
			clearTimeout(quiet);
			quiet = setTimeout(done, quietMs);
		});
	});
}

/** Resource Timing reports each file and API request of the page once its response has ended. */
export function resourceTimingRequests(listener: () => void): () => void {
	if (typeof PerformanceObserver === 'undefined') return () => undefined;
	const observer = new PerformanceObserver(() => listener());
	observer.observe({ type: 'resource' });
	return () => observer.disconnect();
}
