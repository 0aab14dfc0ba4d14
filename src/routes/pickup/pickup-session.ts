import { PickupApi } from '$lib/api/client.ts';
import type { DeploymentConfig } from '$lib/deployment-config.ts';
import { nextOnline, webLocksTabLock } from '$lib/pickup/browser-ports.ts';
import { stopPickupCrypto } from '$lib/pickup/crypto.ts';
import { PickupFlow } from '$lib/pickup/flow.ts';
import { readPickupLink } from '$lib/pickup/link.ts';
import { detectPlatform } from '$lib/pickup/platform.ts';
import { storageCapDays } from '$lib/pickup/storage-rules.ts';
import { isInstalledApp } from '$lib/pwa/display-mode.ts';
import { pickupStoreOnFirstUse } from '$lib/store/pickup-store.ts';

let current: PickupFlow | null = null;

/**
 * The page's one pickup flow. It lives outside the components, so re-rendering them (a language
 * switch re-creates the whole tree) keeps the pickup, and the link is read exactly once.
 */
export function pickupFlow(config: DeploymentConfig): PickupFlow {
	if (current) return current;
	const reading = readPickupLink(location.hash);
	const savedOrder = new URLSearchParams(location.search).get('order');
	// The secret must not stay in the address bar, the history or a bookmark once it has been read;
	// the order id (no secret) stays, so a reload finds the saved pickup. SvelteKit's own
	// replaceState cannot run before its router has started; keeping history.state keeps the
	// router's bookkeeping intact.
	const orderId = reading.kind === 'link' ? reading.link.orderId : savedOrder;
	history.replaceState(history.state, '', orderId ? pickupUrl(orderId) : location.pathname);
	const platform = detectPlatform(navigator.userAgent);
	const storage = navigator.storage;
	const store = pickupStoreOnFirstUse();
	if (reading.kind === 'link' || savedOrder) store.startOpening();
	const flow = new PickupFlow({
		api: new PickupApi(config.apiBaseUrl),
		store,
		online: () => nextOnline(window),
		lock: webLocksTabLock(navigator.locks, () =>
			stopPickupCrypto('another tab took the pickup over')
		),
		platform,
		requestPersistence: storage?.persist ? () => storage.persist() : undefined,
		isPersisted: storage?.persisted ? () => storage.persisted() : undefined,
		storageCapDays: storageCapDays(platform, isInstalledApp(window, navigator))
	});
	current = flow;
	// A link pasted into this tab changes only the fragment, which loads nothing: start afresh.
	addEventListener('hashchange', () => {
		if (readPickupLink(location.hash).kind !== 'none') location.reload();
	});
	void (reading.kind === 'none' && savedOrder ? flow.openSaved(savedOrder) : flow.open(reading));
	return flow;
}

/** Where a saved pickup continues: the order id only, the secret stays in IndexedDB. */
export function pickupUrl(orderId: string): string {
	return `${location.pathname}?${new URLSearchParams({ order: orderId })}`;
}
