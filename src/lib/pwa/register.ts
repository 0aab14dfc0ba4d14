import { Workbox } from 'workbox-window';

/** A new version of the app, installed and waiting; applying it reloads the page. */
export interface WaitingUpdate {
	apply(): void;
}

/**
 * Registers the service worker (src/service-worker.ts) through workbox-window and reports a
 * waiting update instead of applying it: the UI decides when, so a pickup is never interrupted.
 */
export function registerServiceWorker(
	url: string,
	onUpdate: (update: WaitingUpdate) => void
): void {
	if (!('serviceWorker' in navigator)) return;
	const workbox = new Workbox(url);
	workbox.addEventListener('waiting', () => {
		onUpdate({
			apply() {
				workbox.addEventListener('controlling', () => location.reload());
				workbox.messageSkipWaiting();
			}
		});
	});
	// Without a service worker (blocked by policy, private modes) the app still works online.
	workbox.register().catch(() => undefined);
}
