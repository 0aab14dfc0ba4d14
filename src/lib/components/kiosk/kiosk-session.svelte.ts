import type { KioskConfig } from '$lib/deployment-config.ts';
import { wipeApplicantData } from '$lib/kiosk/wipe.ts';
import { localStorageKey } from '$lib/paraglide/runtime.js';
import { stopPickupCrypto } from '$lib/pickup/crypto.ts';
import { DATABASE_NAME } from '$lib/store/pickup-store.ts';

/** Shown while the wipe runs, so nobody takes the last screen for a session still open. */
export const kioskSession = $state({ clearing: false });

/** Ends the applicant's session: on completion, on "Start over", and after the idle timeout. */
export async function endKioskSession(kiosk: KioskConfig): Promise<void> {
	if (kioskSession.clearing) return;
	kioskSession.clearing = true;
	await wipeApplicantData(
		{
			stopWork: () => stopPickupCrypto('the kiosk session ended'),
			indexedDB,
			localStorage,
			sessionStorage,
			caches: globalThis.caches,
			location
		},
		{
			databaseName: DATABASE_NAME,
			startLocale: { storageKey: localStorageKey, locale: kiosk.languages[0] }
		}
	);
}
