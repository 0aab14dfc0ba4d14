import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT } from '../../server/config.ts';
import { cancelOrder, unlockOrder } from '../../server/orders/operator.ts';
import { loadConfig } from '../../server/config.ts';
import {
	Api,
	auditTrail,
	csrFor,
	newOrder,
	openedOrder,
	order,
	PICKUP_PASSWORD,
	send,
	useServer,
	withStore
} from './harness.ts';

const server = useServer();

const DAY_MS = 86_400_000;

describe('the pickup password', () => {
	it('is checked at the default scrypt cost and stored only as its hash', async () => {
		const created = await newOrder(server);
		const stored = (await order(server, created.order.id)).pickupPasswordHash;
		expect(
			stored.startsWith(`scrypt$${DEFAULT_SCRYPT.log2N}$${DEFAULT_SCRYPT.r}$${DEFAULT_SCRYPT.p}$`)
		).toBe(true);
		expect(stored).not.toContain(PICKUP_PASSWORD);
		const api = new Api(server, created.order.id);
		expect((await api.session(created.linkSecret, PICKUP_PASSWORD.toUpperCase())).status).toBe(401);
		expect((await api.session(created.linkSecret)).status).toBe(200);
		expect((await order(server, created.order.id)).failedAttempts).toBe(1);
	});

	it('counts wrong passwords, locks the order after five, and an operator unlocks it', async () => {
		const created = await newOrder(server);
		const api = new Api(server, created.order.id);
		for (const left of [4, 3, 2, 1]) {
			const wrong = await api.session(created.linkSecret, 'not the password');
			expect(wrong.status).toBe(401);
			expect(wrong.body).toMatchObject({ code: 'pickup_password_wrong', attemptsLeft: left });
			expect((await api.summary(created.linkSecret)).body.pickupAttemptsLeft).toBe(left);
		}
		const locking = await api.session(created.linkSecret, 'not the password');
		expect(locking.status).toBe(423);
		expect(locking.body).toMatchObject({ code: 'order_locked', attemptsLeft: 0 });
		const right = await api.session(created.linkSecret);
		expect(right.status).toBe(423);
		const summary = await api.summary(created.linkSecret);
		expect(summary.body).toMatchObject({ status: 'locked', pickupAttemptsLeft: 0 });
		await server.restart();
		expect((await api.session(created.linkSecret)).status).toBe(423);
		await withStore(server, (store) =>
			unlockOrder({ store, config: loadConfig(server.env) }, created.order.id)
		);
		expect((await api.summary(created.linkSecret)).body).toMatchObject({
			status: 'awaiting_pickup',
			pickupAttemptsLeft: 5
		});
		expect((await api.session(created.linkSecret)).status).toBe(200);
		const events = (await auditTrail(server, created.order.id)).map((entry) => entry.event);
		expect(events.filter((event) => event === 'pickup_password_wrong')).toHaveLength(5);
		expect(events).toContain('unlocked');
	});

	it('cannot be guessed faster by sending many guesses at once', async () => {
		const created = await newOrder(server);
		const api = new Api(server, created.order.id);
		const answers = await Promise.all(
			Array.from({ length: 12 }, () => api.session(created.linkSecret, 'a wrong guess'))
		);
		expect(answers.every((answer) => answer.status === 401 || answer.status === 423)).toBe(true);
		const checked = (await auditTrail(server, created.order.id)).filter(
			(entry) => entry.event === 'pickup_password_wrong'
		);
		expect(checked).toHaveLength(5);
		expect(await order(server, created.order.id)).toMatchObject({
			status: 'locked',
			failedAttempts: 5
		});
	});
});

describe('links and sessions', () => {
	it('refuses a wrong link secret and an unknown order, and records both', async () => {
		const created = await newOrder(server);
		const api = new Api(server, created.order.id);
		const wrong = await api.summary(
			created.linkSecret.slice(0, -1) + (created.linkSecret.endsWith('A') ? 'B' : 'A')
		);
		expect(wrong.status).toBe(401);
		expect(wrong.body.code).toBe('link_invalid');
		expect((await api.session('x'.repeat(32))).body.code).toBe('link_invalid');
		expect((await order(server, created.order.id)).failedAttempts).toBe(0);
		const unknown = await new Api(server, 'AAAAAAAAAAAAAAAA').summary(created.linkSecret);
		expect(unknown.status).toBe(404);
		expect(unknown.body.code).toBe('order_not_found');
		expect(
			(await auditTrail(server, created.order.id)).filter((entry) => entry.event === 'link_invalid')
		).toHaveLength(2);
	});

	it('expires an order whose pickup deadline passed, and a reissue has seven days', async () => {
		const created = await newOrder(server, {}, { now: new Date(Date.now() - 31 * DAY_MS) });
		const api = new Api(server, created.order.id);
		const expired = await api.summary(created.linkSecret);
		expect(expired.status).toBe(410);
		expect(expired.body.code).toBe('order_expired');
		expect((await api.session(created.linkSecret)).body.code).toBe('order_expired');
		expect((await order(server, created.order.id)).status).toBe('expired');
		const recent = await newOrder(server, {}, { now: new Date(Date.now() - 29 * DAY_MS) });
		expect((await new Api(server, recent.order.id).summary(recent.linkSecret)).status).toBe(200);
	});

	it('refuses a cancelled order, also to a session opened before the cancellation', async () => {
		const { created, api, token } = await openedOrder(server);
		await withStore(server, (store) =>
			cancelOrder({ store, config: loadConfig(server.env) }, created.order.id, 'test')
		);
		expect((await api.summary(created.linkSecret)).body.code).toBe('order_cancelled');
		const request = await api.request(token, await csrFor());
		expect(request.status).toBe(410);
		expect(request.body.code).toBe('order_cancelled');
	});

	it('binds a session to its order and refuses missing or forged tokens', async () => {
		const first = await openedOrder(server);
		const second = await openedOrder(server);
		expect((await second.api.certificate(first.token)).body.code).toBe('session_invalid');
		expect((await first.api.certificate('')).body.code).toBe('session_invalid');
		expect((await first.api.call('GET', 'certificate', undefined, 'forged-token')).status).toBe(
			401
		);
		expect((await first.api.certificate(first.token)).body.code).toBe('certificate_not_ready');
	});
});

describe('the link secret as a credential', () => {
	it('reads the issued certificate, but never sends a request or spends the link', async () => {
		const { created, api, token } = await openedOrder(server);
		const csr = await csrFor();
		const issued = await api.request(token, csr);
		expect(issued.status).toBe(200);
		const link = (action: string, secret: string, json?: unknown) =>
			send(
				server,
				json === undefined && action === 'certificate' ? 'GET' : 'POST',
				`/api/v1/orders/${created.order.id}/${action}`,
				{
					headers: {
						authorization: `Link ${secret}`,
						...(json === undefined ? {} : { 'content-type': 'application/json' })
					},
					body: json === undefined ? undefined : JSON.stringify(json)
				}
			);
		const fetched = await link('certificate', created.linkSecret);
		expect(fetched.status).toBe(200);
		expect(fetched.body.chainPem).toBe(issued.body.chainPem);
		expect((await link('certificate', 'A'.repeat(43))).body.code).toBe('link_invalid');
		const request = await link('certificate-request', created.linkSecret, {
			csr,
			agreementVersion: 'subscriber-2026-01'
		});
		expect(request.status).toBe(401);
		expect(request.body.code).toBe('session_invalid');
		const collectedByLink = await link('collected', created.linkSecret);
		expect(collectedByLink.status).toBe(401);
		expect(collectedByLink.body.code).toBe('session_invalid');
		expect((await api.summary(created.linkSecret)).body.status).toBe('issued');
		expect((await api.collected(token)).status).toBe(204);
		expect((await api.summary(created.linkSecret)).body.code).toBe('order_collected');
	});
});

describe('limits on request rates and session lifetime', () => {
	const limited = useServer({
		RATE_LIMIT_ORDER_PER_MINUTE: '3',
		RATE_LIMIT_ADDRESS_PER_MINUTE: '8',
		SESSION_TTL_SECONDS: '1'
	});

	// First: the rate-limit test below uses up this address's allowance.
	it('ends a session after its lifetime', async () => {
		const { api, token } = await openedOrder(limited);
		await new Promise((resolve) => setTimeout(resolve, 1100));
		expect((await api.certificate(token)).body.code).toBe('session_invalid');
	});

	it('limits requests per order and per client address, with Retry-After', async () => {
		const created = await newOrder(limited);
		const api = new Api(limited, created.order.id);
		for (let i = 0; i < 3; i++) expect((await api.summary(created.linkSecret)).status).toBe(200);
		const limitedAnswer = await api.summary(created.linkSecret);
		expect(limitedAnswer.status).toBe(429);
		expect(limitedAnswer.body.code).toBe('rate_limited');
		expect(Number(limitedAnswer.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(limitedAnswer.body.retryAfterSeconds).toBeGreaterThan(0);
		const statuses: number[] = [];
		for (let i = 0; i < 5; i++)
			statuses.push((await new Api(limited, `unknown${i}`).summary('x')).status);
		expect(statuses).toContain(429);
	});
});

describe('an order’s rate limit and strangers who know its id', () => {
	const proxied = useServer({
		TRUST_PROXY: '1',
		RATE_LIMIT_ORDER_PER_MINUTE: '3',
		RATE_LIMIT_ADDRESS_PER_MINUTE: '100'
	});

	function summaryFrom(address: string, orderId: string, linkSecret: string) {
		return send(proxied, 'POST', `/api/v1/orders/${orderId}/summary`, {
			headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
			body: JSON.stringify({ linkSecret })
		});
	}

	it('cannot use up the applicant’s allowance from other addresses', async () => {
		const created = await newOrder(proxied);
		const orderId = created.order.id;
		const strangers: number[] = [];
		for (let i = 0; i < 5; i++)
			strangers.push((await summaryFrom('198.51.100.7', orderId, 'A'.repeat(32))).status);
		expect(strangers).toEqual([401, 401, 401, 429, 429]);
		const applicant = await summaryFrom('203.0.113.20', orderId, created.linkSecret);
		expect(applicant.status).toBe(200);
	});
});
