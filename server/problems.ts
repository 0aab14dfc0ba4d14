/**
 * Every refusal the API can give, with its HTTP status and RFC 9457 title. Domain code throws a
 * Refusal with a stable code; the HTTP layer turns it into application/problem+json. The codes are
 * the contract the app localizes (PROBLEM_CODES in src/lib/domain/problem-codes.ts).
 */
import type { Problem } from '../src/lib/api/types.ts';
import type { ProblemCode } from '../src/lib/domain/problem-codes.ts';

const PROBLEMS: Record<ProblemCode, { status: number; title: string }> = {
	body_invalid: { status: 400, title: 'The request body is not valid' },
	csr_malformed: { status: 400, title: 'The certificate request cannot be read' },
	csr_signature_invalid: { status: 400, title: 'The certificate request is not signed by its key' },
	link_invalid: { status: 401, title: 'The pickup link is not valid' },
	pickup_password_wrong: { status: 401, title: 'The pickup password is wrong' },
	session_invalid: { status: 401, title: 'The pickup session is missing or has expired' },
	order_not_found: { status: 404, title: 'There is no such order' },
	not_found: { status: 404, title: 'Not found' },
	csr_already_used: {
		status: 409,
		title: 'This order already has a certificate request with another key'
	},
	csr_subject_mismatch: { status: 409, title: 'The certificate request does not match the order' },
	csr_key_not_allowed: { status: 409, title: 'The key type or size is not allowed for this order' },
	agreement_version_mismatch: {
		status: 409,
		title: 'The accepted subscriber agreement is not the current one'
	},
	certificate_not_ready: {
		status: 409,
		title: 'No certificate has been requested for this order yet'
	},
	order_expired: { status: 410, title: 'The pickup deadline has passed' },
	order_cancelled: { status: 410, title: 'The order has been cancelled' },
	order_collected: { status: 410, title: 'The certificate has already been collected' },
	body_too_large: { status: 413, title: 'The request body is too large' },
	unsupported_media_type: { status: 415, title: 'The request body must be application/json' },
	order_locked: { status: 423, title: 'The order is locked after too many wrong pickup passwords' },
	rate_limited: { status: 429, title: 'Too many requests' },
	internal: { status: 500, title: 'Internal server error' },
	ca_refused: { status: 502, title: 'The certificate authority did not issue the certificate' },
	ca_unavailable: {
		status: 503,
		title: 'The certificate authority cannot be reached; the request is kept'
	},
	service_unavailable: { status: 503, title: 'The server cannot store anything at the moment' }
};

export class Refusal extends Error {
	readonly code: ProblemCode;
	readonly extras: Pick<Problem, 'attemptsLeft' | 'retryAfterSeconds'>;

	constructor(code: ProblemCode, detail?: string, extras: Refusal['extras'] = {}) {
		super(detail ?? PROBLEMS[code].title);
		this.name = 'Refusal';
		this.code = code;
		this.extras = extras;
	}
}

export function problemFor(
	code: ProblemCode,
	detail?: string,
	extras: Refusal['extras'] = {}
): Problem {
	const { status, title } = PROBLEMS[code];
	return {
		type: `urn:cert-pickup:problem:${code}`,
		title,
		status,
		code,
		...(detail && detail !== title ? { detail } : {}),
		...extras
	};
}
