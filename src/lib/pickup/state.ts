import type { ApiErrorCode } from '../api/errors.ts';
import type { OrderSummary } from '../api/types.ts';
import type { PkiErrorCode } from '../pki/errors.ts';
import type { KeyChoice } from '../store/schema.ts';
import type { UseTarget } from './use-target.ts';

/** Local failures the flow detects before anything reaches the server. */
export type LocalFailureCode =
	| 'link_missing'
	| 'link_malformed'
	| 'password_policy'
	| 'password_mismatch'
	/** Within the order's policy, but beyond what the software where the file goes accepts. */
	| 'password_target_limit'
	| 'agreement_not_accepted'
	| 'order_not_collectable'
	| 'crypto_unavailable'
	/** The crypto worker was ended mid-call (the tab lost the pickup, a kiosk session ended). */
	| 'work_stopped'
	/** The pickup stored on this device is damaged or from an unknown version: it can only start again. */
	| 'pickup_unreadable'
	| 'unexpected';

export type FlowErrorCode = ApiErrorCode | LocalFailureCode | `pki:${PkiErrorCode}`;

export interface FlowError {
	code: FlowErrorCode;
	/** For developers; the UI shows a localized text chosen by `code`. */
	detail: string;
	attemptsLeft?: number;
	/** Values the localized text names (the key that was sent, the option that adds a name). */
	params?: Readonly<Record<string, string>>;
	/** The wait the server asked for before the next try (429, 503), when it named one. */
	retryAfterSeconds?: number;
}

export type WorkStage = 'key' | 'request' | 'waiting' | 'building';

/** Whether a pickup in progress survives a closed tab (see StorageManager.persist()). */
export type StorageStatus = 'persistent' | 'best-effort' | 'unavailable';

/** The browser deletes storage unused for `days` days: an unfinished pickup is safe until `safeUntil`. */
export interface StorageCap {
	days: number;
	/** The earlier of the cap counted from now and the pickup deadline. */
	safeUntil: string;
}

export interface CertificateDetails {
	subject: string;
	issuer: string;
	serialNumber: string;
	notBefore: string;
	notAfter: string;
	sha256Fingerprint: string;
}

export interface DownloadFile {
	name: string;
	type: string;
	data: Uint8Array | string;
}

export interface IssuedFiles {
	certificate: CertificateDetails;
	/** The leaf as .cer (DER). */
	cer: DownloadFile;
	/** Leaf, intermediates and root as PEM. */
	chainPem: DownloadFile;
}

export interface PickupResult extends IssuedFiles {
	p12: DownloadFile;
}

export interface CsrResult extends IssuedFiles {
	/** The chain as PKCS#7 certs-only, what Windows and many servers import. */
	p7b: DownloadFile;
}

interface OrderStep {
	order: OrderSummary;
	error: FlowError | null;
}

interface Rebuild {
	/**
	 * The server says the certificate was collected, but this device kept the chain (and the
	 * wrapped key): the files are rebuilt from them, and confirming only forgets them here.
	 */
	alreadyCollected: boolean;
}

export type PickupState =
	| { step: 'opening' }
	| { step: 'busy-elsewhere'; orderId: string; lost: boolean }
	| ({ step: 'review'; storage: StorageStatus; storageCap: StorageCap | null } & OrderStep)
	| ({ step: 'pickup-password'; busy: boolean } & OrderStep)
	/** `again`: it was chosen before the app was closed, and passwords are never stored. */
	| ({ step: 'certificate-password'; again: boolean; target: UseTarget } & OrderStep)
	| ({ step: 'agreement' } & OrderStep)
	| ({ step: 'key-options'; choice: KeyChoice; target: UseTarget } & OrderStep)
	| ({ step: 'working'; stage: WorkStage; retryAfterSeconds: number | null } & OrderStep)
	/** The certificate is here and the wrapped key is stored: the certificate password opens it. */
	| ({ step: 'unlock'; busy: boolean } & Rebuild & OrderStep)
	| ({ step: 'done'; result: PickupResult; acknowledged: boolean } & Rebuild & OrderStep)
	| ({ step: 'csr-upload'; busy: boolean } & OrderStep)
	| ({ step: 'csr-done'; result: CsrResult; acknowledged: boolean } & Rebuild & OrderStep)
	| {
			step: 'failed';
			order: OrderSummary | null;
			error: FlowError;
			retryable: boolean;
			/** What was stored cannot be resumed: forgetting it and starting again is the way on. */
			restartable: boolean;
	  };
