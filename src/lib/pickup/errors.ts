import { ApiError, outlookOf } from '../api/errors.ts';
import type { PkiErrorCode } from '../pki/errors.ts';
import type { FlowError } from './state.ts';

/** Turns whatever a step threw into a FlowError the UI can localize by code. */
export function toFlowError(error: unknown): FlowError {
	if (error instanceof ApiError) {
		return {
			code: error.code,
			detail: error.message,
			attemptsLeft: error.attemptsLeft,
			retryAfterSeconds: error.retryAfterSeconds
		};
	}
	// By name, as PkiError below: the crypto worker's page side is a lazily loaded chunk (crypto.ts).
	if (error instanceof Error && error.name === 'WorkerStoppedError')
		return { code: 'work_stopped', detail: error.message };
	if (isPkiError(error))
		return { code: `pki:${error.code}`, detail: error.message, params: error.params };
	return { code: 'unexpected', detail: error instanceof Error ? error.message : String(error) };
}

/** The server's 410 answers: the order is closed for good, so what is stored for it is of no use. */
export function isOrderGone(error: FlowError): boolean {
	return outlookOf(error.code) === 'gone';
}

/**
 * Failures that may pass by themselves (connection, load, crypto work cut off in this tab): trying
 * again later makes sense.
 */
export function isRetryable(error: FlowError): boolean {
	return error.code === 'work_stopped' || outlookOf(error.code) === 'passing';
}

// Matched by name, not instanceof, so this module does not load the PKI code it describes.
function isPkiError(
	error: unknown
): error is Error & { code: PkiErrorCode; params?: Readonly<Record<string, string>> } {
	return (
		error instanceof Error &&
		error.name === 'PkiError' &&
		typeof (error as { code?: unknown }).code === 'string'
	);
}
