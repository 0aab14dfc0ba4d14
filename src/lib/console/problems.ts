/**
 * The console API's refusals (application/problem+json) as the console shows them: every code in
 * CONSOLE_PROBLEM_CODES has a localized sentence, in a map the type checker holds complete, so a
 * code added to the list fails the check until it is written here in all five languages.
 */
import { isConsoleProblemCode, type ConsoleProblemCode } from '../domain/console-problem-codes.ts';
import { m } from '../paraglide/messages.js';

/** A refusal from the console API, or the network failing on the way to it. */
export class ConsoleProblem extends Error {
	readonly code: ConsoleProblemCode | 'network';
	readonly status: number;
	/** The form field the refusal is about, when the server named one. */
	readonly field: string | undefined;
	readonly detail: string | undefined;

	constructor(
		code: ConsoleProblemCode | 'network',
		status: number,
		detail?: string,
		field?: string
	) {
		super(detail ?? code);
		this.name = 'ConsoleProblem';
		this.code = code;
		this.status = status;
		this.detail = detail;
		this.field = field;
	}
}

/** A code the console does not know becomes the nearest it does, by the HTTP status. */
function codeForStatus(status: number): ConsoleProblemCode {
	if (status === 401) return 'console_session_invalid';
	if (status === 403) return 'role_forbidden';
	if (status === 404) return 'not_found';
	if (status === 409) return 'order_state_conflict';
	if (status === 422 || status === 400) return 'body_invalid';
	if (status === 429) return 'rate_limited';
	if (status === 503) return 'service_unavailable';
	return 'internal';
}

/** The problem an answer carries; anything unreadable is judged by its status alone. */
export function problemFrom(status: number, body: unknown): ConsoleProblem {
	const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
	const code = isConsoleProblemCode(record.code) ? record.code : codeForStatus(status);
	const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
	return new ConsoleProblem(code, status, text(record.detail), text(record.field));
}

export const PROBLEM_TEXTS: Record<ConsoleProblemCode | 'network', () => string> = {
	console_session_invalid: () => m.console_problem_session_invalid(),
	csrf_refused: () => m.console_problem_csrf_refused(),
	role_forbidden: () => m.console_problem_role_forbidden(),
	invite_invalid: () => m.console_problem_invite_invalid(),
	invite_expired: () => m.console_problem_invite_expired(),
	invite_used: () => m.console_problem_invite_used(),
	passkey_refused: () => m.console_problem_passkey_refused(),
	order_invalid: () => m.console_problem_order_invalid(),
	order_state_conflict: () => m.console_problem_order_state_conflict(),
	order_not_found: () => m.console_problem_order_not_found(),
	body_invalid: () => m.console_problem_body_invalid(),
	rate_limited: () => m.console_problem_rate_limited(),
	not_found: () => m.console_problem_not_found(),
	internal: () => m.console_problem_internal(),
	service_unavailable: () => m.console_problem_service_unavailable(),
	network: () => m.console_problem_network()
};

/** The localized sentence for a refusal, or for any other failure. */
export function problemText(error: unknown): string {
	if (error instanceof ConsoleProblem) return PROBLEM_TEXTS[error.code]();
	return PROBLEM_TEXTS.internal();
}
