/**
 * Calls the operator API of a test server the way the CA's order system would: with an API key
 * made on the server's own store, and a fresh Idempotency-Key on every POST unless a test names one.
 */
import { randomUUID } from 'node:crypto';
import { createApiKey, revokeApiKey } from '../../../server/access/api-keys.ts';
import type { ApiKeyScope } from '../../../server/store/types.ts';
import { DEFAULT_ORDER } from '../../support/server.ts';
import { Api, linkParts, send, withStore, type TestServer } from '../harness.ts';

export const OPERATOR = '/api/v1/operator';

// The order the operator tests start from, the end-to-end tests' too.
export { DEFAULT_ORDER };

export interface OperatorKey {
	id: string;
	key: string;
	name: string;
}

export async function operatorKey(
	server: TestServer,
	scope: ApiKeyScope = 'write',
	name = `order-system-${randomUUID().slice(0, 8)}`
): Promise<OperatorKey> {
	const created = await withStore(server, (store) => createApiKey(store, name, scope, new Date()));
	return { ...created, name };
}

/**
 * A key's secret, whole: base64url has '_' among its letters, so splitting `cpk_<id>_<secret>` at
 * each '_' cuts it short, or to nothing (which every text contains) when it starts with one.
 */
export function keySecret(key: string): string {
	const secret = /^cpk_[0-9a-f]{16}_([A-Za-z0-9_-]{43})$/.exec(key)?.[1];
	if (!secret) throw new Error(`not an operator API key: ${key}`);
	return secret;
}

export function revoke(server: TestServer, key: OperatorKey): Promise<void> {
	return withStore(server, (store) => revokeApiKey(store, key.id, new Date()));
}

/** Locks an order the applicant's way: five wrong pickup passwords. */
export async function lockByWrongPasswords(server: TestServer, link: string | undefined) {
	const { orderId, linkSecret } = linkParts(link ?? '');
	const api = new Api(server, orderId);
	for (let attempt = 0; attempt < 5; attempt++) await api.session(linkSecret, 'not the password');
	const summary = await api.summary(linkSecret);
	if (summary.body.status !== 'locked')
		throw new Error(`not locked: ${JSON.stringify(summary.body)}`);
}

export class Operator {
	constructor(
		private readonly server: TestServer,
		private readonly key: string
	) {}

	get(path: string) {
		return send(this.server, 'GET', OPERATOR + path, {
			headers: { authorization: `Bearer ${this.key}` }
		});
	}

	post(path: string, body: unknown = {}, idempotencyKey: string | null = randomUUID()) {
		return send(this.server, 'POST', OPERATOR + path, {
			headers: {
				authorization: `Bearer ${this.key}`,
				'content-type': 'application/json',
				...(idempotencyKey === null ? {} : { 'idempotency-key': idempotencyKey })
			},
			body: JSON.stringify(body)
		});
	}

	/** Creates an order and fails the test at once when that did not work. */
	async create(body: Record<string, unknown> = {}) {
		const created = await this.post('/orders', { ...DEFAULT_ORDER, ...body });
		if (created.status !== 201) throw new Error(`create: ${JSON.stringify(created.body)}`);
		return created.body as {
			order: { id: string; status: string; [field: string]: unknown };
			pickupPassword?: string;
			link?: string;
		};
	}
}
