/**
 * The refusals the operator console localizes (docs/console-api.md): the console's own (sign-in,
 * session, CSRF, roles, invites) and those of the operator module it shares with the operator API.
 */
export const CONSOLE_PROBLEM_CODES = [
	'console_session_invalid',
	'csrf_refused',
	'role_forbidden',
	'invite_invalid',
	'invite_expired',
	'invite_used',
	'passkey_refused',
	'order_invalid',
	'order_state_conflict',
	'order_not_found',
	'body_invalid',
	'rate_limited',
	'not_found',
	'internal',
	'service_unavailable'
] as const;

export type ConsoleProblemCode = (typeof CONSOLE_PROBLEM_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(CONSOLE_PROBLEM_CODES);

export function isConsoleProblemCode(code: unknown): code is ConsoleProblemCode {
	return typeof code === 'string' && KNOWN.has(code);
}
