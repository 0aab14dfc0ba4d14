/**
 * Idempotency-Key (draft-ietf-httpapi-idempotency-key-header, as Stripe does it) for the operator
 * API's POSTs. The first request with a key runs and its answer is kept 24 hours; the same key with
 * the same request answers that answer again (`Idempotent-Replayed: true`), with another request
 * 422, and while the first is still running 409. A request that failed on the server's side (5xx)
 * keeps nothing, so it can be tried again with the same key.
 *
 * An answer can carry a generated pickup password or a pickup link, so it is stored sealed
 * (AES-256-GCM) under a key derived from the Idempotency-Key, which only the client knows; the
 * database holds the Idempotency-Key's hash. Clients should use random keys (UUIDs), as the draft
 * advises.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { Context } from '../context.ts';
import { Refusal } from '../problems.ts';
import { sha256 } from '../secrets.ts';
import type { ApiKey, OrderTx } from '../store/types.ts';

const KEY_FORMAT = /^[!-~]{1,255}$/;
/** A record whose request died with its instance is taken over after this. */
const STALE_MS = 5 * 60 * 1000;
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

export interface Answer {
	status: number;
	body: unknown;
}

/** Lets a handler store its answer in the transaction that makes the change. */
export type Settle = (tx: OrderTx, answer: Answer) => Promise<void>;

export async function idempotent(
	ctx: Context,
	apiKey: ApiKey,
	idempotencyKey: string | undefined,
	request: { method: string; path: string; body: unknown },
	run: (settle: Settle) => Promise<Answer>
): Promise<{ answer: Answer; replayed: boolean }> {
	if (idempotencyKey === undefined) throw new Refusal('idempotency_key_missing');
	if (!KEY_FORMAT.test(idempotencyKey))
		throw new Refusal(
			'body_invalid',
			'The Idempotency-Key must be 1 to 255 visible ASCII characters.'
		);
	const keySha256 = sha256(`${apiKey.id}\n${idempotencyKey}`);
	// Keyed by the Idempotency-Key: a plain hash of a body that holds a pickup password would let a
	// copy of the database test guesses of that password.
	const requestHmac = createHmac('sha256', derivedKey(idempotencyKey, apiKey.id, 'request'))
		.update(`${request.method} ${request.path}\n${canonicalJson(request.body)}`)
		.digest();
	const now = ctx.now();
	const claimed = await ctx.store.transaction(null, async (tx) => {
		const existing = await tx.findIdempotencyRecord(apiKey.id, keySha256);
		const stale =
			existing?.completedAt === null && now.getTime() - Date.parse(existing.createdAt) > STALE_MS;
		if (existing && (stale || Date.parse(existing.createdAt) < now.getTime() - IDEMPOTENCY_TTL_MS))
			await tx.deleteIdempotencyRecord(apiKey.id, keySha256);
		else if (existing) return existing;
		const inserted = await tx.insertIdempotencyRecord({
			apiKeyId: apiKey.id,
			keySha256,
			requestHmac,
			createdAt: now.toISOString()
		});
		if (inserted) return undefined;
		// Under PostgreSQL two requests can both find no record; the second insert waits for the
		// first's commit and inserts nothing, so that request must not run too.
		const winner = await tx.findIdempotencyRecord(apiKey.id, keySha256);
		if (!winner) throw new Refusal('idempotency_key_in_use', undefined, { retryAfterSeconds: 1 });
		return winner;
	});
	if (claimed) {
		if (!claimed.requestHmac.equals(requestHmac)) throw new Refusal('idempotency_key_reused');
		if (claimed.completedAt === null || claimed.responseSealed === null)
			throw new Refusal('idempotency_key_in_use', undefined, { retryAfterSeconds: 1 });
		const body: unknown = JSON.parse(unseal(claimed.responseSealed, idempotencyKey, apiKey.id));
		const refusal = replayedRefusal(body);
		if (refusal) throw refusal;
		return { answer: { status: claimed.responseStatus ?? 200, body }, replayed: true };
	}
	let settled = false;
	const settle: Settle = async (tx, answer) => {
		await tx.completeIdempotencyRecord(
			apiKey.id,
			keySha256,
			answer.status,
			seal(JSON.stringify(answer.body), idempotencyKey, apiKey.id),
			ctx.now()
		);
		settled = true;
	};
	let answer: Answer;
	try {
		answer = await run(settle);
	} catch (error) {
		// A refusal is the answer to this request, and is given again; a server failure is not.
		const kept = error instanceof Refusal && error.status < 500;
		await ctx.store.transaction(null, (tx) =>
			kept
				? settle(tx, { status: error.status, body: refusalRecord(error) })
				: tx.deleteIdempotencyRecord(apiKey.id, keySha256)
		);
		throw error;
	}
	if (!settled) await ctx.store.transaction(null, (tx) => settle(tx, answer));
	return { answer, replayed: false };
}

interface RefusalRecord {
	refusal: { code: Refusal['code']; detail: string; extras: Refusal['extras'] };
}

function refusalRecord(error: Refusal): RefusalRecord {
	return { refusal: { code: error.code, detail: error.message, extras: error.extras } };
}

/** A refusal given again from the record, so the answer can say it is a replay. */
export class ReplayedRefusal extends Refusal {}

function replayedRefusal(body: unknown): Refusal | undefined {
	const record = (body as Partial<RefusalRecord> | null)?.refusal;
	return record ? new ReplayedRefusal(record.code, record.detail, record.extras) : undefined;
}

/** Key order and spacing do not make two bodies different requests. */
function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value !== null && typeof value === 'object')
		return `{${Object.keys(value)
			.sort()
			.map(
				(key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`
			)
			.join(',')}}`;
	return JSON.stringify(value) ?? 'null';
}

function derivedKey(idempotencyKey: string, apiKeyId: string, use: 'request' | 'answer'): Buffer {
	return Buffer.from(
		hkdfSync('sha256', idempotencyKey, apiKeyId, `cert-pickup idempotent ${use}`, 32)
	);
}

function seal(text: string, idempotencyKey: string, apiKeyId: string): Buffer {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', derivedKey(idempotencyKey, apiKeyId, 'answer'), iv);
	const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
	return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
}

function unseal(sealed: Buffer, idempotencyKey: string, apiKeyId: string): string {
	const decipher = createDecipheriv(
		'aes-256-gcm',
		derivedKey(idempotencyKey, apiKeyId, 'answer'),
		sealed.subarray(0, 12)
	);
	decipher.setAuthTag(sealed.subarray(12, 28));
	return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
}
