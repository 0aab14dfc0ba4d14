/**
 * The stable, machine-readable codes of the API's refusals (RFC 9457 problem details): the server
 * gives one, the app localizes it. Adding one here fails the type check until the server gives it
 * a status and title, the client says whether it passes by itself, and the UI has a text for it.
 */
export const PROBLEM_CODES = [
	'order_not_found',
	'link_invalid',
	'order_expired',
	'order_cancelled',
	'order_collected',
	'order_locked',
	'pickup_password_wrong',
	'session_invalid',
	'rate_limited',
	'agreement_version_mismatch',
	'csr_malformed',
	'csr_signature_invalid',
	'csr_subject_mismatch',
	'csr_key_not_allowed',
	'csr_already_used',
	'certificate_not_ready',
	'body_invalid',
	'body_too_large',
	'unsupported_media_type',
	'not_found',
	'ca_refused',
	'ca_unavailable',
	'internal',
	'service_unavailable'
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(PROBLEM_CODES);

export function isProblemCode(code: unknown): code is ProblemCode {
	return typeof code === 'string' && KNOWN.has(code);
}
