/**
 * Reading request bodies defensively: the media type must be JSON, the size is capped while
 * streaming (a 10 MB upload is cut off at the limit, not buffered), bytes must be valid UTF-8, and
 * the object must have exactly the documented string fields. Every failure is a specific 4xx.
 *
 * The body is read from Node's request stream itself: going through the Fetch API's Request would
 * build a WHATWG Request, a ReadableStream and an AbortSignal for every call, a sizeable share of
 * the server's CPU time per issuance.
 */
import type { HttpBindings } from '@hono/node-server';
import type { Context as HonoContext } from 'hono';
import type { IncomingMessage } from 'node:http';
import { Refusal } from '../problems.ts';

export type NodeContext = HonoContext<{ Bindings: HttpBindings }>;

/** Field name to maximum length in characters. */
export type Shape = Record<string, number>;

const JSON_TYPE = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

export async function readJson<T extends Record<string, string>>(
	c: NodeContext,
	shape: Shape,
	limit: number
): Promise<T> {
	return checkShape<T>(await readJsonValue(c, limit), shape);
}

/** The body as parsed JSON, of any shape: the caller checks it. */
export async function readJsonValue(c: NodeContext, limit: number): Promise<unknown> {
	const type = c.req.header('content-type') ?? '';
	if (!JSON_TYPE.test(type.trim())) throw new Refusal('unsupported_media_type');
	const text = decodeUtf8(await readLimited(c.env.incoming, limit));
	try {
		return JSON.parse(text) as unknown;
	} catch {
		throw new Refusal('body_invalid', 'The body is not valid JSON.');
	}
}

/**
 * Past the limit the stream is left paused, not destroyed: the 413 still reaches the client, and
 * @hono/node-server drains or closes what the client goes on sending.
 */
function readLimited(incoming: IncomingMessage, limit: number): Promise<Buffer> {
	const declared = Number(incoming.headers['content-length'] ?? '0');
	if (declared > limit) throw new Refusal('body_too_large', `The limit is ${limit} bytes.`);
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const settle = (outcome: () => void) => {
			incoming.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
			outcome();
		};
		const onData = (chunk: Buffer) => {
			size += chunk.length;
			if (size <= limit) return void chunks.push(chunk);
			incoming.pause();
			settle(() => reject(new Refusal('body_too_large', `The limit is ${limit} bytes.`)));
		};
		const onEnd = () => settle(() => resolve(Buffer.concat(chunks, size)));
		const onError = (error: Error) => settle(() => reject(error));
		const onClose = () =>
			settle(() => reject(new Error('the client closed the connection before the body ended')));
		incoming.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
	});
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function decodeUtf8(bytes: Uint8Array): string {
	try {
		return UTF8.decode(bytes);
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
