/**
 * The operator API's keys, for machines (the CA's order system): `cpk_<id>_<secret>`, where the id
 * finds the key and the 256-bit secret proves it. Only SHA-256 of the secret is stored (too long to
 * guess, so a slow hash would only cost CPU) and compared in constant time. A revoked key fails
 * from the next request on: every request reads the key afresh.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Refusal } from '../problems.ts';
import { randomSecret, sha256 } from '../secrets.ts';
import type { ApiKey, ApiKeyScope, OrderStore } from '../store/types.ts';

const KEY_FORMAT = /^cpk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const NAME_MAX = 100;

export const API_KEY_SCOPES: readonly ApiKeyScope[] = ['read', 'write'];

/** Who made or revoked a key, and through what ('cli', 'console'), for the audit log. */
export interface ActedBy {
	by: string | null;
	via: string | null;
}

const NOBODY: ActedBy = { by: null, via: null };

export interface NewApiKey {
	id: string;
	/** Shown once, here. */
	key: string;
}

export async function createApiKey(
	store: OrderStore,
	name: string,
	scope: ApiKeyScope,
	now: Date,
	actedBy: ActedBy = NOBODY
): Promise<NewApiKey> {
	const trimmed = name.trim();
	if (trimmed === '' || trimmed.length > NAME_MAX || /\p{C}/u.test(trimmed))
		throw new Refusal('body_invalid', `a key's name must be 1 to ${NAME_MAX} visible characters`, {
			field: 'name'
		});
	if (!API_KEY_SCOPES.includes(scope))
		throw new Refusal('body_invalid', `the scope must be read or write`, { field: 'scope' });
	const id = randomBytes(8).toString('hex');
	const secret = randomSecret(32);
	await store.transaction(null, async (tx) => {
		await tx.insertApiKey({
			id,
			name: trimmed,
			scope,
			secretSha256: sha256(secret),
			createdAt: now.toISOString()
		});
		await tx.audit(
			{
				orderId: null,
				actor: 'operator',
				event: 'api_key_created',
				detail: { id, name: trimmed, scope, ...actedBy }
			},
			now
		);
	});
	return { id, key: `cpk_${id}_${secret}` };
}

export async function revokeApiKey(
	store: OrderStore,
	id: string,
	now: Date,
	actedBy: ActedBy = NOBODY
): Promise<void> {
	const revoked = await store.transaction(null, async (tx) => {
		const done = await tx.revokeApiKey(id, now);
		if (done)
			await tx.audit(
				{
					orderId: null,
					actor: 'operator',
					event: 'api_key_revoked',
					detail: { id, ...actedBy }
				},
				now
			);
		return done;
	});
	if (!revoked) throw new Refusal('not_found', `no live API key ${id}`);
}

/** The live key that `presented` is, or undefined for anything else. */
export async function verifyApiKey(
	store: OrderStore,
	presented: string
): Promise<ApiKey | undefined> {
	const [, id, secret] = KEY_FORMAT.exec(presented) ?? [];
	if (!id || !secret) return undefined;
	const key = await store.findApiKey(id);
	if (!key || key.revokedAt !== null) return undefined;
	return timingSafeEqual(sha256(secret), key.secretSha256) ? key : undefined;
}

export function allows(key: ApiKey, scope: ApiKeyScope): boolean {
	return scope === 'read' || key.scope === 'write';
}
