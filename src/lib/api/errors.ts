import type { ProblemCode } from './types';

/** Failures the client itself detects, besides the server's problem codes. */
export type ClientFailureCode = 'network' | 'unexpected_response';

export type ApiErrorCode = ProblemCode | ClientFailureCode;

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
