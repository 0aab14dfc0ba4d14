/**
 * Reading request bodies defensively: the media type must be JSON, the size is capped while
 * streaming (a 10 MB upload is cut off at the limit, not buffered), bytes must be valid UTF-8, and
 * the object must have exactly the documented string fields. Every failure is a specific 4xx.
 */
import type { Context as HonoContext } from 'hono';
import { Refusal } from '../problems.ts';

/** Field name to maximum length in characters. */
export type Shape = Record<string, number>;

const JSON_TYPE = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

export async function readJson<T extends Record<string, string>>(
	c: HonoContext,
	shape: Shape,
	limit: number
): Promise<T> {
	const type = c.req.header('content-type') ?? '';
	if (!JSON_TYPE.test(type.trim())) throw new Refusal('unsupported_media_type');
	const text = decodeUtf8(await readLimited(c.req.raw, limit));
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new Refusal('body_invalid', 'The body is not valid JSON.');
	}
	return checkShape<T>(value, shape);
}

async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
	const declared = Number(request.headers.get('content-length') ?? '0');
	if (declared > limit) throw new Refusal('body_too_large', `The limit is ${limit} bytes.`);
	if (!request.body) return new Uint8Array();
	const chunks: Uint8Array[] = [];
	let size = 0;
	const reader = request.body.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			await reader.cancel();
			throw new Refusal('body_too_large', `The limit is ${limit} bytes.`);
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks);
}

function decodeUtf8(bytes: Uint8Array): string {
	try {
		return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
	} catch {
		throw new Refusal('body_invalid', 'The body is not valid UTF-8.');
	}
}

function checkShape<T>(value: unknown, shape: Shape): T {
	if (typeof value !== 'object' || value === null || Array.isArray(value))
		throw new Refusal('body_invalid', 'The body must be a JSON object.');
	const record = value as Record<string, unknown>;
	for (const key of Object.keys(record)) {
		if (!Object.hasOwn(shape, key))
			throw new Refusal('body_invalid', `Unknown field "${key.slice(0, 64)}".`);
	}
	for (const [key, max] of Object.entries(shape)) {
		const field = record[key];
		if (typeof field !== 'string' || field.length === 0)
			throw new Refusal('body_invalid', `"${key}" must be a non-empty string.`);
		if (field.length > max)
			throw new Refusal('body_invalid', `"${key}" is longer than ${max} characters.`);
	}
	return record as T;
}
