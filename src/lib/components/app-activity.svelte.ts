import { whenNetworkQuiet } from '$lib/pwa/network-quiet.ts';
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

// The app's files and its first calls follow each other more closely than a second, so the
// install waits until the page has loaded and the applicant reads; ten seconds bound the wait where
// requests never pause.
const INSTALL_WHEN_QUIET = { quietMs: 1000, latestMs: 10_000 };

/**
 * Registers the service worker once per page, once the page has stopped loading: its install
 * fetches and caches the whole app, which must not compete with a pickup under way.
 */
export function registerServiceWorkerOnce(): void {
	if (registered) return;
	registered = true;
	void whenNetworkQuiet(INSTALL_WHEN_QUIET)
		.then(() => import('$lib/pwa/register.ts'))
		.then(({ registerServiceWorker }) =>
			registerServiceWorker('/service-worker.js', (waiting) => (appActivity.update = waiting))
		);
}
