import type { Credential } from '../../api/client.ts';
import type { CertificateRequestBody, OrderSummary } from '../../api/types.ts';
import type { Pkcs12Profile } from '../../domain/pkcs12-profiles.ts';
import type { KeyChoice, SavedPickup } from '../../store/schema.ts';
import type { PickupCrypto } from '../crypto.ts';
import type { PickupLink } from '../link.ts';

/**
 * What the pickup asks the world to do. PickupFlow runs each one (crypto, API, store, timers, tab
 * lock) in the order a transition lists them, and feeds the outcome back as an event.
 */
export type Effect =
	| { type: 'claim-tab'; orderId: string; steal: boolean }
	/**
	 * This tab stopped working on the pickup (another tab took it over): work under way is dropped
	 * and nothing more is written.
	 */
	| { type: 'abandon' }
	/** Starts loading the crypto chunk, so it is there when the key is made. */
	| { type: 'preload-crypto' }
	| { type: 'read-saved'; orderId: string }
	/** Runs beside the effects after it: its answer comes back as an event whenever it arrives. */
	| { type: 'read-summary'; link: PickupLink }
	/** Stores the record; an effect listed after it runs only once it is written. */
	| { type: 'save'; record: SavedPickup }
	| { type: 'forget'; orderId: string }
	/** Asked, never awaited: a permission prompt left unanswered must not hold the pickup up. */
	| { type: 'request-persistence' }
	| { type: 'read-persistence' }
	| { type: 'open-session'; link: PickupLink; pickupPassword: string }
	/**
	 * Started, never awaited: the certificate password's key derivations (the key wrap's, the
	 * .p12's for `profile`) run in the crypto worker while the applicant reads on, and stay there
	 * under `handle`.
	 */
	| { type: 'prepare-derivations'; handle: string; password: string; profile: Pkcs12Profile }
	/** Started, never awaited: the .p12's key bag, encrypted while the request is out. */
	| { type: 'prepare-key-bag'; handle: string; privateKeyPkcs8: Uint8Array; profile: Pkcs12Profile }
	/** The prepared keys are of no more use: the worker forgets them. */
	| { type: 'release-derivations'; handle: string }
	/**
	 * Key pair, then its wrapping under the certificate password and the request, side by side;
	 * the wrap uses the key `prepared` holds, if the worker still has it.
	 */
	| {
			type: 'make-key';
			order: OrderSummary;
			choice: KeyChoice;
			password: string;
			prepared: string | null;
	  }
	| { type: 'check-csr'; input: string | Uint8Array; order: OrderSummary }
	| {
			type: 'request-certificate';
			orderId: string;
			session: string;
			body: CertificateRequestBody;
	  }
	/** Waits, or less if the connection comes back meanwhile, then tries `then` again. */
	| { type: 'wait'; seconds: number; then: 'send' | 'poll' }
	| { type: 'fetch-certificate'; orderId: string; credential: Credential }
	| { type: 'unwrap-key'; wrappedKey: Uint8Array; password: string }
	| { type: 'build-p12'; params: Parameters<PickupCrypto['pickupResult']>[0] }
	| { type: 'build-csr-files'; params: Parameters<PickupCrypto['csrResult']>[0] }
	| { type: 'acknowledge'; orderId: string; session: string };
