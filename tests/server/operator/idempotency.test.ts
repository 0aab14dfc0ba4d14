/**
 * Idempotency-Key on the operator API's POSTs: a retried request after a lost answer gets the first
 * answer again instead of a second order, a second cancellation or a second new link.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkParts, PICKUP_PASSWORD, send, useServer } from '../harness.ts';
import {
	lockByWrongPasswords,
	Operator,
	OPERATOR,
	DEFAULT_ORDER,
	operatorKey
} from './operator-client.ts';

const server = useServer();

/** The server's SQLite database, opened beside it (WAL) for what the store's interface does not do. */
function database<T>(use: (db: Database.Database) => T): T {
	const db = new Database(join(server.dataDir, 'orders.sqlite'));
	try {
		db.pragma('busy_timeout = 5000');
		return use(db);
	} finally {
		db.close();
	}
}

async function writer() {
	const key = await operatorKey(server, 'write');
	return { key, operator: new Operator(server, key.key) };
}

/** The orders to `email`, as the operator API lists them. */
async function ordersTo(operator: Operator, email: string): Promise<string[]> {
	const listed = await operator.get(`/orders?email=${encodeURIComponent(email)}`);
	return listed.body.orders.map((order: { id: string }) => order.id);
}

describe('Idempotency-Key', () => {
	it.each([
		'/orders',
		'/orders/{id}/cancel',
		'/orders/{id}/unlock',
		'/orders/{id}/reissue',
		'/orders/{id}/resend'
	])(
		'is required on POST %s (400 idempotency_key_missing), and nothing happens without it',
		async (path) => {
			const { operator } = await writer();
			const email = `${randomUUID()}@example.be`;
			const created = await operator.create({ email, delivery: 'link' });
			const answer = await operator.post(
				path.replace('{id}', created.order.id),
				path === '/orders' ? { ...DEFAULT_ORDER, email } : {},
				null
			);
			expect([answer.status, answer.body.code]).toEqual([400, 'idempotency_key_missing']);
			expect(await ordersTo(operator, email)).toEqual([created.order.id]);
			const shown = await operator.get(`/orders/${created.order.id}`);
			expect(shown.body.order.status).toBe('awaiting_pickup');
			expect(shown.body.order.history.map((entry: { event: string }) => entry.event)).toEqual([
				'order_created'
			]);
		}
	);

	it('must be 1 to 255 visible ASCII characters', async () => {
		const { operator } = await writer();
		const answer = await operator.post('/orders', DEFAULT_ORDER, 'k'.repeat(256));
		expect([answer.status, answer.body.code]).toEqual([400, 'body_invalid']);
	});

	it('with the same body (in any key order and spacing) replays the first answer', async () => {
		const { key, operator } = await writer();
		const email = `${randomUUID()}@example.be`;
		const idempotencyKey = randomUUID();
		const first = await operator.post('/orders', { ...DEFAULT_ORDER, email }, idempotencyKey);
		expect(first.status).toBe(201);
		expect(first.headers.get('idempotent-replayed')).toBeNull();
		const reordered = `{ "email": ${JSON.stringify(email)},\n  "country": "BE", "organization": "Example BV", "commonName": "Jan Peeters" }`;
		const again = await send(server, 'POST', `${OPERATOR}/orders`, {
			headers: {
				authorization: `Bearer ${key.key}`,
				'content-type': 'application/json',
				'idempotency-key': idempotencyKey
			},
			body: reordered
		});
		expect(again.status).toBe(201);
		expect(again.headers.get('idempotent-replayed')).toBe('true');
		expect(again.body).toEqual(first.body);
		expect(first.body.pickupPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
		expect(await ordersTo(operator, email)).toEqual([first.body.order.id]);
	});

	it('replays a refusal too, even when the request would now succeed', async () => {
		const { operator } = await writer();
		const created = await operator.create({ delivery: 'link', pickupPassword: PICKUP_PASSWORD });
		const idempotencyKey = randomUUID();
		const refused = await operator.post(`/orders/${created.order.id}/unlock`, {}, idempotencyKey);
		expect([refused.status, refused.body.code]).toEqual([409, 'order_state_conflict']);
		await lockByWrongPasswords(server, created.link);
		const again = await operator.post(`/orders/${created.order.id}/unlock`, {}, idempotencyKey);
		expect(again.status).toBe(409);
		expect(again.body).toEqual(refused.body);
		expect(again.headers.get('idempotent-replayed')).toBe('true');
		expect((await operator.get(`/orders/${created.order.id}`)).body.order.status).toBe('locked');
	});

	it('replays a reissue instead of reissuing the reissued order', async () => {
		const { operator } = await writer();
		const created = await operator.create({ delivery: 'link' });
		const idempotencyKey = randomUUID();
		const first = await operator.post(`/orders/${created.order.id}/reissue`, {}, idempotencyKey);
		const again = await operator.post(`/orders/${created.order.id}/reissue`, {}, idempotencyKey);
		expect(first.status).toBe(201);
		expect(again.status).toBe(201);
		expect(again.body.order.id).toBe(first.body.order.id);
		expect((await operator.get(`/orders/${first.body.order.id}`)).body.order.status).toBe(
			'awaiting_pickup'
		);
	});

	it('with another body or on another route is 422 idempotency_key_reused', async () => {
		const { operator } = await writer();
		const email = `${randomUUID()}@example.be`;
		const idempotencyKey = randomUUID();
		const first = await operator.post('/orders', { ...DEFAULT_ORDER, email }, idempotencyKey);
		expect(first.status).toBe(201);
		const otherBody = await operator.post(
			'/orders',
			{ ...DEFAULT_ORDER, email, locale: 'nl' },
			idempotencyKey
		);
		expect([otherBody.status, otherBody.body.code]).toEqual([422, 'idempotency_key_reused']);
		const otherRoute = await operator.post(
			`/orders/${first.body.order.id}/cancel`,
			{},
			idempotencyKey
		);
		expect([otherRoute.status, otherRoute.body.code]).toEqual([422, 'idempotency_key_reused']);
		expect(await ordersTo(operator, email)).toEqual([first.body.order.id]);
		expect((await operator.get(`/orders/${first.body.order.id}`)).body.order.status).toBe(
			'awaiting_pickup'
		);
	});

	it('is 409 idempotency_key_in_use while the first request with it is still running', async () => {
		const { key, operator } = await writer();
		const created = await operator.create({ delivery: 'link' });
		const idempotencyKey = randomUUID();
		const unlock = `/orders/${created.order.id}/unlock`;
		expect((await operator.post(unlock, {}, idempotencyKey)).body.code).toBe(
			'order_state_conflict'
		);
		// The unlock's record (the create's is the other) as it is while the request runs: claimed,
		// without an answer yet.
		const changed = database((db) =>
			db
				.prepare(
					`UPDATE idempotency_records SET completed_at = NULL, response_status = NULL,
					 response_sealed = NULL WHERE api_key_id = ? AND response_status = 409`
				)
				.run(key.id)
		);
		expect(changed.changes).toBe(1);
		const answer = await operator.post(unlock, {}, idempotencyKey);
		expect([answer.status, answer.body.code]).toEqual([409, 'idempotency_key_in_use']);
		expect(answer.headers.get('retry-after')).toBe('1');
		// A new Idempotency-Key is a new request.
		expect((await operator.post(unlock, {})).body.code).toBe('order_state_conflict');
	});

	it('belongs to one API key: another key with the same Idempotency-Key makes its own order', async () => {
		const first = await writer();
		const second = await writer();
		const email = `${randomUUID()}@example.be`;
		const idempotencyKey = randomUUID();
		const one = await first.operator.post('/orders', { ...DEFAULT_ORDER, email }, idempotencyKey);
		const two = await second.operator.post('/orders', { ...DEFAULT_ORDER, email }, idempotencyKey);
		expect([one.status, two.status]).toEqual([201, 201]);
		expect(two.headers.get('idempotent-replayed')).toBeNull();
		expect(two.body.order.id).not.toBe(one.body.order.id);
		expect((await ordersTo(first.operator, email)).sort()).toEqual(
			[one.body.order.id, two.body.order.id].sort()
		);
	});

	it('keeps the answer sealed: no pickup password or link in clear in the database', async () => {
		const { key, operator } = await writer();
		const idempotencyKey = randomUUID();
		const created = await operator.post(
			'/orders',
			{ ...DEFAULT_ORDER, delivery: 'link' },
			idempotencyKey
		);
		expect(created.status).toBe(201);
		const { linkSecret } = linkParts(created.body.link);
		const [record, ...others] = database(
			(db) =>
				db.prepare('SELECT * FROM idempotency_records WHERE api_key_id = ?').all(key.id) as Record<
					string,
					unknown
				>[]
		);
		expect(others).toEqual([]);
		expect(record?.response_status).toBe(201);
		const stored = Buffer.concat(
			Object.values(record ?? {}).map((value) =>
				Buffer.isBuffer(value) ? value : Buffer.from(String(value))
			)
		);
		expect(stored.length).toBeGreaterThan(0);
		for (const secret of [created.body.pickupPassword, linkSecret, idempotencyKey])
			expect(stored.includes(secret)).toBe(false);
		// Sealed is not lost: the replay still has them.
		const replay = await operator.post(
			'/orders',
			{ ...DEFAULT_ORDER, delivery: 'link' },
			idempotencyKey
		);
		expect(replay.body.pickupPassword).toBe(created.body.pickupPassword);
		expect(replay.body.link).toBe(created.body.link);
	});
});
