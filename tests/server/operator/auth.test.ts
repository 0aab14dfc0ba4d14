/**
 * Who may call the operator API: a live API key with the scope the route needs, and nobody else;
 * wrong keys are slowed down per client address. The applicant's credentials and the operator's
 * keys open nothing on each other's side.
 */
import { describe, expect, it } from 'vitest';
import { Api, openedOrder, send, useServer, type TestServer } from '../harness.ts';
import { Operator, OPERATOR, DEFAULT_ORDER, operatorKey, revoke } from './operator-client.ts';

interface Endpoint {
	method: 'GET' | 'POST';
	path: string;
	scope: 'read' | 'write';
	/** The answer to a key with the scope, on an order awaiting pickup. */
	success: number;
}

const ENDPOINTS: Endpoint[] = [
	{ method: 'GET', path: '/orders', scope: 'read', success: 200 },
	{ method: 'GET', path: '/orders/{id}', scope: 'read', success: 200 },
	{ method: 'POST', path: '/orders', scope: 'write', success: 201 },
	{ method: 'POST', path: '/orders/{id}/cancel', scope: 'write', success: 200 },
	// Past the key check, an order that is not locked cannot be unlocked.
	{ method: 'POST', path: '/orders/{id}/unlock', scope: 'write', success: 409 },
	{ method: 'POST', path: '/orders/{id}/reissue', scope: 'write', success: 201 },
	{ method: 'POST', path: '/orders/{id}/resend', scope: 'write', success: 200 }
];

/** A call of `endpoint` on `orderId` with a body the route would accept, under `authorization`. */
function call(
	server: TestServer,
	endpoint: Endpoint,
	orderId: string,
	authorization: string | undefined
) {
	const path = OPERATOR + endpoint.path.replace('{id}', orderId);
	const headers: Record<string, string> = authorization ? { authorization } : {};
	if (endpoint.method === 'GET') return send(server, 'GET', path, { headers });
	return send(server, 'POST', path, {
		headers: {
			...headers,
			'content-type': 'application/json',
			'idempotency-key': crypto.randomUUID()
		},
		body: JSON.stringify(endpoint.path === '/orders' ? DEFAULT_ORDER : {})
	});
}

describe('operator API keys', () => {
	// This suite sends many wrong keys on purpose; the limit on them has a server of its own below.
	const server = useServer({ OPERATOR_AUTH_FAILURES_PER_MINUTE: '1000' });

	describe.each(ENDPOINTS)('$method $path', (endpoint) => {
		it('is 401 without a key, with a wrong, a revoked or a malformed key, and with a session token', async () => {
			const { created, token } = await openedOrder(server);
			const revoked = await operatorKey(server, 'write');
			await revoke(server, revoked);
			const live = await operatorKey(server, 'write');
			const [, id] = live.key.split('_');
			const wrongSecret = `cpk_${id}_${'A'.repeat(43)}`;
			const credentials = {
				none: undefined,
				'wrong secret': `Bearer ${wrongSecret}`,
				'revoked key': `Bearer ${revoked.key}`,
				'not a key': 'Bearer nope',
				'key without Bearer': live.key,
				'applicant session token': `Bearer ${token}`
			};
			for (const [what, authorization] of Object.entries(credentials)) {
				const answer = await call(server, endpoint, created.order.id, authorization);
				expect([what, answer.status, answer.body.code]).toEqual([what, 401, 'unauthorized']);
				expect(answer.headers.get('content-type')).toBe('application/problem+json');
				expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="operator API"');
			}
		});

		it(`answers a ${endpoint.scope} key${endpoint.scope === 'write' ? ' and refuses a read key with 403' : ''}`, async () => {
			const { created } = await openedOrder(server);
			const read = await operatorKey(server, 'read');
			const write = await operatorKey(server, 'write');
			const byRead = await call(server, endpoint, created.order.id, `Bearer ${read.key}`);
			const byWrite = await call(server, endpoint, created.order.id, `Bearer ${write.key}`);
			// The write scope includes reading.
			expect(byWrite.status).toBe(endpoint.success);
			if (endpoint.scope === 'read') expect(byRead.status).toBe(endpoint.success);
			else {
				expect([byRead.status, byRead.body.code]).toEqual([403, 'forbidden']);
				expect(byRead.body.detail).toContain(read.name);
			}
		});
	});

	it('stops working at once when revoked, while the server runs', async () => {
		const key = await operatorKey(server, 'read');
		const operator = new Operator(server, key.key);
		expect((await operator.get('/orders?limit=1')).status).toBe(200);
		await revoke(server, key);
		expect((await operator.get('/orders?limit=1')).status).toBe(401);
	});

	it("do not open the applicant's endpoints (401 session_invalid)", async () => {
		const { created, api } = await openedOrder(server);
		const key = await operatorKey(server, 'write');
		const answers = [
			await api.certificate(key.key),
			await api.collected(key.key),
			await api.request(key.key, 'not looked at')
		];
		for (const answer of answers) {
			expect([answer.status, answer.body.code]).toEqual([401, 'session_invalid']);
			expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="pickup"');
		}
		// The order is untouched: its applicant can still go on.
		expect((await new Api(server, created.order.id).summary(created.linkSecret)).status).toBe(200);
	});
});

describe('wrong operator API keys', () => {
	const LIMIT = 2;
	const server = useServer({ OPERATOR_AUTH_FAILURES_PER_MINUTE: String(LIMIT) });

	it('are answered 429 with Retry-After past the limit, then even a right key is', async () => {
		const key = await operatorKey(server, 'read');
		const right = new Operator(server, key.key);
		const wrong = new Operator(server, `cpk_${key.id}_${'B'.repeat(43)}`);
		// Right keys do not count against the limit.
		for (let call = 0; call <= LIMIT; call++)
			expect((await right.get('/orders?limit=1')).status).toBe(200);
		for (let call = 0; call < LIMIT; call++)
			expect((await wrong.get('/orders?limit=1')).status).toBe(401);
		const limited = await wrong.get('/orders?limit=1');
		expect([limited.status, limited.body.code]).toEqual([429, 'rate_limited']);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		const rightButLimited = await right.post('/orders', DEFAULT_ORDER);
		expect([rightButLimited.status, rightButLimited.body.code]).toEqual([429, 'rate_limited']);
		expect(Number(rightButLimited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
	});
});
