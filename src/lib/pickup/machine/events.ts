import type { IssuanceResult, OrderSummary } from '../../api/types.ts';
import type { KeyChoice, SavedPickup } from '../../store/schema.ts';
import type { LinkReading } from '../link.ts';
import type { CsrResult, FlowError, PickupResult } from '../state.ts';
import type { UseTarget } from '../use-target.ts';

/** A key made here gives a .p12; an uploaded request gives the chain in the formats servers take. */
export type BuiltFiles =
	{ step: 'done'; result: PickupResult } | { step: 'csr-done'; result: CsrResult };

/** What the applicant does: one event per button of the UI. */
export type ApplicantEvent =
	| { type: 'open'; reading: LinkReading; hasWebCrypto: boolean }
	| { type: 'take-over' }
	| { type: 'confirm-review' }
	| { type: 'submit-pickup-password'; pickupPassword: string }
	| {
			type: 'submit-certificate-password';
			password: string;
			confirmation: string;
			target?: UseTarget;
	  }
	| { type: 'accept-agreement'; accepted: boolean }
	| { type: 'choose-key-options'; choice: KeyChoice; target?: UseTarget }
	| { type: 'start-csr-upload' }
	| { type: 'cancel-csr-upload' }
	| { type: 'submit-csr'; input: string | Uint8Array }
	| { type: 'unlock'; password: string }
	| { type: 'retry' }
	| { type: 'start-afresh' }
	| { type: 'acknowledge-collected' };

/** What the effects report back. */
export type OutcomeEvent =
	| { type: 'tab-claimed' }
	| { type: 'tab-busy' }
	| { type: 'tab-lost' }
	/**
	 * `unreadable`: a record is stored but no version of the app can read it. `storageFailed`: the
	 * store itself failed, so the pickup goes on without it.
	 */
	| {
			type: 'saved-read';
			saved: SavedPickup | undefined;
			unreadable?: string;
			storageFailed?: boolean;
	  }
	| { type: 'storage-failed' }
	| { type: 'summary-read'; order: OrderSummary }
	| { type: 'summary-failed'; error: FlowError }
	| { type: 'became-persistent' }
	| { type: 'session-opened'; session: { token: string; expiresAt: string } }
	| { type: 'session-refused'; error: FlowError }
	| { type: 'key-made'; privateKeyPkcs8: Uint8Array; wrappedKey: Uint8Array; csrPem: string }
	| { type: 'csr-accepted'; csrPem: string }
	| { type: 'csr-refused'; error: FlowError }
	| { type: 'issuance'; result: IssuanceResult }
	| { type: 'request-failed'; error: FlowError }
	| { type: 'polled'; result: IssuanceResult }
	| { type: 'poll-failed'; error: FlowError }
	| { type: 'retry-due'; of: 'send' | 'poll' }
	| { type: 'key-unwrapped'; privateKeyPkcs8: Uint8Array; password: string }
	| { type: 'unwrap-failed'; error: FlowError }
	| { type: 'files-built'; files: BuiltFiles }
	| { type: 'acknowledged' }
	| { type: 'acknowledge-failed'; error: FlowError }
	/** Work that has no answer of its own to a failure (key, build) failed. */
	| { type: 'work-failed'; error: FlowError };

export type PickupEvent = ApplicantEvent | OutcomeEvent;
