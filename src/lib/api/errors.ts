import type { ProblemCode } from '../domain/problem-codes.ts';

/** Failures the client itself detects, besides the server's problem codes. */
export type ClientFailureCode = 'network' | 'unexpected_response';

export type ApiErrorCode = ProblemCode | ClientFailureCode;

/**
 * What a failure means for the pickup: `passing` may go by itself (connection, load, a CA still
 * at work), so trying again later makes sense; `gone` closes the order for good, so what is kept
 * for it is of no use; `refused` stays so until the applicant or the operator changes something.
 */
export type ApiErrorOutlook = 'passing' | 'gone' | 'refused';

const OUTLOOK: Readonly<Record<ApiErrorCode, ApiErrorOutlook>> = {
	network: 'passing',
	unexpected_response: 'passing',
	rate_limited: 'passing',
	certificate_not_ready: 'passing',
	internal: 'passing',
	ca_unavailable: 'passing',
	service_unavailable: 'passing',
	order_expired: 'gone',
	order_cancelled: 'gone',
	order_collected: 'gone',
	order_not_found: 'refused',
	link_invalid: 'refused',
	order_locked: 'refused',
	pickup_password_wrong: 'refused',
	session_invalid: 'refused',
	agreement_version_mismatch: 'refused',
	csr_malformed: 'refused',
	csr_signature_invalid: 'refused',
	csr_subject_mismatch: 'refused',
	csr_key_not_allowed: 'refused',
	csr_already_used: 'refused',
	body_invalid: 'refused',
	body_too_large: 'refused',
	unsupported_media_type: 'refused',
	not_found: 'refused',
	ca_refused: 'refused'
};

/** The outlook of an API failure's code; null for a code that is not one (a local or PKI failure). */
export function outlookOf(code: string): ApiErrorOutlook | null {
	return Object.hasOwn(OUTLOOK, code) ? OUTLOOK[code as ApiErrorCode] : null;
}

/** One failed API call, carrying what the UI needs to explain it and decide what to offer next. */
export class ApiError extends Error {
	readonly code: ApiErrorCode;
	readonly status: number;
	readonly attemptsLeft: number | undefined;
	readonly retryAfterSeconds: number | undefined;

	constructor(
		code: ApiErrorCode,
		message: string,
		details: { status?: number; attemptsLeft?: number; retryAfterSeconds?: number } = {}
	) {
		super(message);
		this.name = 'ApiError';
		this.code = code;
		this.status = details.status ?? 0;
		this.attemptsLeft = details.attemptsLeft;
		this.retryAfterSeconds = details.retryAfterSeconds;
	}
}
