import { ApiError } from '../api/errors';
import type { PkiErrorCode } from '../pki/errors';
import type { FlowError, FlowErrorCode } from './state';

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
	if (isPkiError(error))
		return { code: `pki:${error.code}`, detail: error.message, params: error.params };
	return { code: 'unexpected', detail: error instanceof Error ? error.message : String(error) };
}

const PASSING: ReadonlySet<FlowErrorCode> = new Set<FlowErrorCode>([
	'network',
	'rate_limited',
	'ca_unavailable',
	'internal',
	'service_unavailable',
	'unexpected_response',
	'certificate_not_ready'
]);

const GONE: ReadonlySet<FlowErrorCode> = new Set<FlowErrorCode>([
	'order_expired',
	'order_cancelled',
	'order_collected'
]);

/** The server's 410 answers: the order is closed for good, so what is stored for it is of no use. */
export function isOrderGone(error: FlowError): boolean {
	return GONE.has(error.code);
}

/** Failures that may pass by themselves (connection, load): trying again later makes sense. */
export function isRetryable(error: FlowError): boolean {
	return PASSING.has(error.code);
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
