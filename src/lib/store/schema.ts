import type { DBSchema } from 'idb';
import type { KeyAlgorithmName, OrderSummary, Pkcs12Profile } from '../api/types';

/**
 * Where a stored pickup stands. Passwords are never stored, so a pickup saved after the
 * certificate password was chosen asks for it again when it resumes.
 */
export type SavedStep =
	| 'review'
	| 'pickup-password'
	| 'certificate-password'
	| 'agreement'
	| 'key-options'
	/** The key is wrapped and stored and the request is made; it may not have reached the server. */
	| 'requested'
	/** The CA answered "pending"; polling goes on. */
	| 'pending'
	/** The chain arrived and is stored; the file can be built from the wrapped key. */
	| 'issued'
	| 'done';

export interface KeyChoice {
	algorithm: KeyAlgorithmName;
	profile: Pkcs12Profile;
}

export interface AgreementAcceptance {
	version: string;
	acceptedAt: string;
}

/** One pickup in progress, as kept in IndexedDB (brief, "Security model": no password, no bare key). */
export interface SavedPickup {
	orderId: string;
	/** The e-mailed link's secret: lets a resumed pickup read the order and fetch the public certificate. */
	linkSecret: string;
	order: OrderSummary;
	step: SavedStep;
	agreement?: AgreementAcceptance;
	keyChoice?: KeyChoice;
	/** PKCS#8 wrapped by src/lib/pki/key-wrap under the certificate password. */
	wrappedKey?: Uint8Array;
	csrPem?: string;
	chainPem?: string;
	retryAfterSeconds?: number;
	/**
	 * The short-lived session a correct pickup password opened (server default: 30 minutes). Kept
	 * so that a request prepared offline goes out after a reload or browser restart without the
	 * pickup password being asked again; it can only send a request for this order.
	 */
	session?: { token: string; expiresAt: string };
	createdAt: string;
	updatedAt: string;
}

export interface PickupDb extends DBSchema {
	pickups: {
		key: string;
		value: SavedPickup;
		indexes: { updatedAt: string };
	};
}
