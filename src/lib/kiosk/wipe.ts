import { isAppShellCache } from '../pwa/cache-names.ts';

/**
 * Ends a kiosk session: on a shared office computer where applicants pick up in turn, nothing of
 * one may remain for the next.
 * The pickup (wrapped key, certificate, step state, session token) lives in IndexedDB, the
 * language choice in localStorage; the .p12 only ever in the page's memory, which the final
 * navigation drops.
 */
export interface WipeTargets {
	/** Ends the work still running in the page (the crypto worker, which may hold a key in memory). */
	stopWork: () => void;
	indexedDB: Pick<IDBFactory, 'deleteDatabase'> | undefined;
	localStorage: Pick<Storage, 'clear' | 'setItem'>;
	sessionStorage: Pick<Storage, 'clear'>;
	caches: Pick<CacheStorage, 'keys' | 'delete'> | undefined;
	location: Pick<Location, 'replace'>;
}

export interface WipeOptions {
	databaseName: string;
	/** The language the next session starts in, written where the i18n runtime looks first. */
	startLocale: { storageKey: string; locale: string };
}

export async function wipeApplicantData(targets: WipeTargets, options: WipeOptions): Promise<void> {
	targets.stopWork();
	// Each part is attempted whatever happened to the others; the navigation always follows, as a
	// kiosk stuck on the last applicant's screen is the worst outcome.
	await Promise.allSettled([
		deleteDatabase(targets.indexedDB, options.databaseName),
		deleteCaches(targets.caches)
	]);
	targets.sessionStorage.clear();
	targets.localStorage.clear();
	targets.localStorage.setItem(options.startLocale.storageKey, options.startLocale.locale);
	// replace, not assign: the session's pages leave no entry for the Back button.
	targets.location.replace('/');
}

function deleteDatabase(factory: WipeTargets['indexedDB'], name: string): Promise<void> {
	if (!factory) return Promise.resolve();
	return new Promise((resolve, reject) => {
		const request = factory.deleteDatabase(name);
		request.onsuccess = () => resolve();
		// Blocked: a connection of this page is still open. The store closes on versionchange, and
		// the navigation closes the rest, after which the browser completes the deletion.
		request.onblocked = () => resolve();
		request.onerror = () => reject(request.error);
	});
}

async function deleteCaches(caches: WipeTargets['caches']): Promise<void> {
	if (!caches) return;
	for (const name of await caches.keys()) {
		if (!isAppShellCache(name)) await caches.delete(name);
	}
}
