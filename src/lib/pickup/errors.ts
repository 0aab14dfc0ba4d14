import { ApiError } from '../api/errors';
import type { FlowError } from './state';

/** Turns whatever a step threw into a FlowError the UI can localize by code. */
export function toFlowError(error: unknown): FlowError {
	if (error instanceof ApiError) {
		return { code: error.code, detail: error.message, attemptsLeft: error.attemptsLeft };
	}
	if (isPkiError(error)) return { code: `pki:${error.code}`, detail: error.message };
	return { code: 'unexpected', detail: error instanceof Error ? error.message : String(error) };
}

function isPkiError(error: unknown): error is Error & { code: string } {
	return (
		error instanceof Error &&
		error.name === 'PkiError' &&
		typeof (error as { code?: unknown }).code === 'string'
	);
}
