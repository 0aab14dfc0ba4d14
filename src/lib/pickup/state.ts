import type { ApiErrorCode } from '../api/errors';
import type { OrderSummary } from '../api/types';

/** Local failures the flow detects before anything reaches the server. */
export type LocalFailureCode =
	| 'link_missing'
	| 'link_malformed'
	| 'password_policy'
	| 'password_mismatch'
	| 'order_not_collectable'
	| 'crypto_unavailable'
	| 'unexpected';

/** Codes from src/lib/pki's PkiError; kept as string so this module does not load the crypto. */
export type FlowErrorCode = ApiErrorCode | LocalFailureCode | `pki:${string}`;

export interface FlowError {
	code: FlowErrorCode;
	/** For developers and logs; the UI shows a localized text chosen by `code`. */
	detail: string;
	attemptsLeft?: number;
}

export type WorkStage = 'key' | 'request' | 'waiting' | 'building';

export interface CertificateDetails {
	subject: string;
	issuer: string;
	serialNumber: string;
	notBefore: string;
	notAfter: string;
	sha256Fingerprint: string;
}

export interface PickupResult {
	p12: Uint8Array;
	p12FileName: string;
	chainPem: string;
	chainFileName: string;
	certificateDer: Uint8Array;
	certificateFileName: string;
	certificate: CertificateDetails;
}

export type PickupState =
	| { step: 'opening' }
	| { step: 'review'; order: OrderSummary }
	| { step: 'pickup-password'; order: OrderSummary; busy: boolean; error: FlowError | null }
	| { step: 'certificate-password'; order: OrderSummary; error: FlowError | null }
	| { step: 'working'; order: OrderSummary; stage: WorkStage; retryAfterSeconds: number | null }
	| {
			step: 'done';
			order: OrderSummary;
			result: PickupResult;
			acknowledged: boolean;
			error: FlowError | null;
	  }
	| { step: 'failed'; order: OrderSummary | null; error: FlowError };

export type PickupStep = PickupState['step'];
