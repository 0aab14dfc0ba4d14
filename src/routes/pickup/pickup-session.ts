import { PickupApi } from '$lib/api/client';
import type { DeploymentConfig } from '$lib/deployment-config';
import { sessionStorageKeeper, webLocksTabLock } from '$lib/pickup/browser-ports';
import { PickupFlow } from '$lib/pickup/flow';
import { readPickupLink } from '$lib/pickup/link';
import { detectPlatform } from '$lib/pickup/platform';
import { pickupStoreOnFirstUse } from '$lib/store/pickup-store';

let current: PickupFlow | null = null;

/**
 * The page's one pickup flow. It lives outside the components, so re-rendering them (a language
 * switch re-creates the whole tree) keeps the pickup, and the link is read exactly once.
 */
export function pickupFlow(config: DeploymentConfig): PickupFlow {
	if (current) return current;
	const reading = readPickupLink(location.hash);
	// The secret must not stay in the address bar, the history or a bookmark once it has been read.
	// SvelteKit's own replaceState cannot run before its router has started; keeping history.state
	// keeps the router's bookkeeping intact.
	history.replaceState(history.state, '', location.pathname + location.search);
	const flow = new PickupFlow({
		api: new PickupApi(config.apiBaseUrl),
		store: pickupStoreOnFirstUse(),
		sessions: sessionStorageKeeper(sessionStorage),
		lock: webLocksTabLock(navigator.locks),
		platform: detectPlatform(navigator.userAgent),
		requestPersistence: navigator.storage?.persist ? () => navigator.storage.persist() : undefined
	});
	current = flow;
	void flow.open(reading);
	return flow;
}
