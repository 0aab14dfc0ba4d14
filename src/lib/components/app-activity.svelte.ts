import type { WaitingUpdate } from '$lib/pwa/register.ts';

/**
 * What the app shell knows across re-renders (a language switch re-creates the whole tree):
 * whether a pickup is under way, so that an update of the app waits for it, and the update waiting.
 */
export const appActivity = $state<{ pickupInProgress: boolean; update: WaitingUpdate | null }>({
	pickupInProgress: false,
	update: null
});

let registered = false;

/** Registers the service worker once per page; workbox-window loads after the first screen. */
export function registerServiceWorkerOnce(): void {
	if (registered) return;
	registered = true;
	void import('$lib/pwa/register.ts').then(({ registerServiceWorker }) =>
		registerServiceWorker('/service-worker.js', (waiting) => (appActivity.update = waiting))
	);
}
