/**
 * Shape checks for what the server sends. A CA backend is outside our control, so a response that
 * does not have the documented shape becomes an 'unexpected_response' error instead of a crash
 * somewhere later in the flow.
 */
import { ApiError } from './errors.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireFields<T>(
	value: unknown,
	fields: Record<string, 'string' | 'number' | 'boolean' | 'object'>,
	what: string
): T {
	if (!isRecord(value)) throw unexpected(`${what} is not a JSON object`);
	for (const [name, type] of Object.entries(fields)) {
		const actual = value[name];
		const ok =
			type === 'object' ? isRecord(actual) || Array.isArray(actual) : typeof actual === type;
		if (!ok) throw unexpected(`${what}.${name} is missing or not a ${type}`);
	}
	return value as T;
}

export function unexpected(message: string): ApiError {
	return new ApiError(
		'unexpected_response',
		`Unexpected response from the pickup server: ${message}`
	);
}
