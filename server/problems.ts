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

/**
 * Refusals only the operator API gives: its callers are the CA's order system and console, not the
 * applicant's app, so they are not among the codes the app localizes.
 */
const OPERATOR_PROBLEMS = {
	unauthorized: { status: 401, title: 'An operator API key is needed' },
	forbidden: { status: 403, title: "The API key's scope does not allow this" },
	idempotency_key_missing: { status: 400, title: 'An Idempotency-Key header is needed' },
	idempotency_key_reused: {
		status: 422,
		title: 'This Idempotency-Key was used with another request'
	},
	idempotency_key_in_use: {
		status: 409,
		title: 'A request with this Idempotency-Key is still in progress'
	},
	order_invalid: { status: 422, title: 'The order cannot be created as given' },
	order_state_conflict: { status: 409, title: "The order's status does not allow this" }
} as const satisfies Record<string, { status: number; title: string }>;

/**
 * Refusals only the operator console's API gives (docs/console-api.md); the console localizes them
 * with the operator module's (CONSOLE_PROBLEM_CODES in src/lib/domain/console-problem-codes.ts).
 */
const CONSOLE_PROBLEMS = {
	console_session_invalid: { status: 401, title: 'The console session is missing or has ended' },
	passkey_refused: { status: 401, title: 'The passkey was not accepted' },
	csrf_refused: { status: 403, title: 'The request did not come from the console' },
	role_forbidden: { status: 403, title: 'Your role does not allow this' },
	invite_invalid: { status: 404, title: 'There is no such invitation' },
	invite_expired: { status: 410, title: 'The invitation has expired' },
	invite_used: { status: 410, title: 'The invitation has already been used' }
} as const satisfies Record<string, { status: number; title: string }>;

export type OperatorProblemCode = keyof typeof OPERATOR_PROBLEMS;
export type ConsoleOnlyProblemCode = keyof typeof CONSOLE_PROBLEMS;
export type AnyProblemCode = ProblemCode | OperatorProblemCode | ConsoleOnlyProblemCode;

const ALL_PROBLEMS: Record<AnyProblemCode, { status: number; title: string }> = {
	...PROBLEMS,
	...OPERATOR_PROBLEMS,
	...CONSOLE_PROBLEMS
};

export interface ProblemExtras extends Pick<Problem, 'attemptsLeft' | 'retryAfterSeconds'> {
	/** The request field a refusal is about, for the operator API's callers. */
	field?: string;
}

export class Refusal extends Error {
	readonly code: AnyProblemCode;
	readonly extras: ProblemExtras;

	constructor(code: AnyProblemCode, detail?: string, extras: ProblemExtras = {}) {
		super(detail ?? ALL_PROBLEMS[code].title);
		this.name = 'Refusal';
		this.code = code;
		this.extras = extras;
	}

	get status(): number {
		return ALL_PROBLEMS[this.code].status;
	}
}

export function problemFor(code: ProblemCode, detail?: string, extras?: ProblemExtras): Problem;
export function problemFor(
	code: AnyProblemCode,
	detail?: string,
	extras?: ProblemExtras
): Omit<Problem, 'code'> & { code: AnyProblemCode };
export function problemFor(
	code: AnyProblemCode,
	detail?: string,
	extras: ProblemExtras = {}
): Omit<Problem, 'code'> & { code: AnyProblemCode } {
	const { status, title } = ALL_PROBLEMS[code];
	return {
		type: `urn:cert-pickup:problem:${code}`,
		title,
		status,
		code,
		...(detail && detail !== title ? { detail } : {}),
		...extras
	};
}
