import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics, metricsText } from '../../../server/metrics.ts';
import { createOrder, type CreatedOrder } from '../../../server/orders/operator.ts';
import type { OutboxStats } from '../../../server/store/types.ts';
import { csrFor, PERSON, PICKUP_PASSWORD } from '../harness.ts';
import { startInProcessApp, type InProcessApp } from './in-process.ts';

/** The value of one series in an exposition, or undefined when it is absent. */
function sample(text: string, series: string): number | undefined {
	const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
	return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('createMetrics', () => {
	it('keeps each app’s metrics in its own registry, with the process defaults', async () => {
		const first = createMetrics();
		const second = createMetrics();
		first.lockout();
		first.lockout();
		const firstText = await first.exposition([], new Date());
		const secondText = await second.exposition([], new Date());
		expect(sample(firstText, 'pickup_lockouts_total')).toBe(2);
		expect(sample(secondText, 'pickup_lockouts_total')).toBe(0);
		expect(firstText).toContain('process_cpu_user_seconds_total');
		expect(firstText).toContain('nodejs_heap_size_total_bytes');
	});

	it('sets the outbox gauges from the store’s figures at each scrape', async () => {
		const metrics = createMetrics();
		const now = new Date('2026-05-01T12:00:00.000Z');
		const stats: OutboxStats[] = [
			{ kind: 'email', status: 'queued', count: 3, oldestCreatedAt: '2026-05-01T11:58:30.000Z' },
			{ kind: 'webhook', status: 'failed', count: 1, oldestCreatedAt: '2026-05-01T02:00:00.000Z' }
		];
		const text = await metrics.exposition(stats, now);
		expect(sample(text, 'pickup_outbox_messages{kind="email",status="queued"}')).toBe(3);
		expect(sample(text, 'pickup_outbox_oldest_age_seconds{kind="email",status="queued"}')).toBe(90);
		expect(sample(text, 'pickup_outbox_messages{kind="webhook",status="failed"}')).toBe(1);
		expect(sample(text, 'pickup_outbox_oldest_age_seconds{kind="webhook",status="failed"}')).toBe(
			36_000
		);
		const emptied = await metrics.exposition([], now);
		expect(emptied).not.toContain('pickup_outbox_messages{');
		expect(emptied).not.toContain('pickup_outbox_oldest_age_seconds{');
	});
});

describe('metrics of a running app', () => {
	let app: InProcessApp;
	let created: CreatedOrder;
	let locked: CreatedOrder;

	beforeAll(async () => {
		app = await startInProcessApp();
		const deps = { store: app.ctx.store, config: app.ctx.config };
		created = await createOrder(deps, { subject: PERSON, pickupPassword: PICKUP_PASSWORD });
		locked = await createOrder(deps, { subject: PERSON, pickupPassword: PICKUP_PASSWORD });
	});
	afterAll(() => app?.close());

	async function call(method: string, path: string, body?: unknown, token?: string) {
		const response = await fetch(app.url + path, {
			method,
			headers: {
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...(token ? { authorization: `Bearer ${token}` } : {})
			},
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		return { status: response.status, body: (await response.json().catch(() => null)) as never };
	}

	const scrape = () => metricsText(app.ctx);

	it('counts each step of a pickup, the refusals by code, and the issuance latency', async () => {
		const orderPath = `/api/v1/orders/${created.order.id}`;
		expect(
			(await call('POST', `${orderPath}/summary`, { linkSecret: 'x'.repeat(32) })).status
		).toBe(401);
		const wrong = { linkSecret: created.linkSecret, pickupPassword: 'not the password' };
		expect((await call('POST', `${orderPath}/session`, wrong)).status).toBe(401);
		const session = await call('POST', `${orderPath}/session`, {
			linkSecret: created.linkSecret,
			pickupPassword: PICKUP_PASSWORD
		});
		const token = (session.body as { sessionToken: string }).sessionToken;
		const request = { csr: await csrFor(), agreementVersion: created.order.agreementVersion };
		expect((await call('POST', `${orderPath}/certificate-request`, request, token)).status).toBe(
			200
		);
		expect((await call('POST', `${orderPath}/collected`, undefined, token)).status).toBe(204);
		expect((await call('POST', `${orderPath}/collected`, undefined, token)).status).toBe(204);

		const text = await scrape();
		const outcome = (name: string, code = '') =>
			sample(text, `pickup_outcomes_total{outcome="${name}",code="${code}"}`);
		expect(outcome('refused', 'link_invalid')).toBe(1);
		expect(outcome('pickup_password_wrong')).toBe(1);
		expect(outcome('session_opened')).toBe(1);
		expect(outcome('request_accepted')).toBe(1);
		expect(outcome('issued')).toBe(1);
		// The second acknowledgement changed nothing.
		expect(outcome('collected')).toBe(1);
		expect(sample(text, 'pickup_issuance_latency_seconds_count')).toBe(1);
		expect(sample(text, 'pickup_issuance_latency_seconds_bucket{le="+Inf"}')).toBe(1);
	});

	it('counts requests by route pattern and status, never by the raw path', async () => {
		await call('GET', '/some/page/of/the/app');
		const text = await scrape();
		const requests = (route: string, method: string, status: number) =>
			sample(
				text,
				`pickup_http_request_duration_seconds_count{route="${route}",method="${method}",status="${status}"}`
			);
		expect(requests('/api/v1/orders/:orderId/session', 'POST', 401)).toBe(1);
		expect(requests('/api/v1/orders/:orderId/session', 'POST', 200)).toBe(1);
		expect(requests('/api/v1/orders/:orderId/collected', 'POST', 204)).toBe(2);
		expect(requests('static', 'GET', 404)).toBe(1);
		expect(text).not.toContain(created.order.id);
		expect(text).not.toContain('/some/page');
	});

	it('counts a lockout once, and every refusal of the locked order after it', async () => {
		const session = `/api/v1/orders/${locked.order.id}/session`;
		const wrong = { linkSecret: locked.linkSecret, pickupPassword: 'wrong password' };
		const before = await scrape();
		const codes: unknown[] = [];
		for (let attempt = 0; attempt < app.ctx.config.maxPickupAttempts + 1; attempt++)
			codes.push((await call('POST', session, wrong)).body);
		expect(codes.map((body) => (body as { code: string }).code)).toEqual([
			...Array<string>(app.ctx.config.maxPickupAttempts - 1).fill('pickup_password_wrong'),
			'order_locked',
			'order_locked'
		]);
		const after = await scrape();
		const delta = (series: string) => (sample(after, series) ?? 0) - (sample(before, series) ?? 0);
		expect(delta('pickup_lockouts_total')).toBe(1);
		expect(delta('pickup_outcomes_total{outcome="locked",code=""}')).toBe(2);
		expect(delta('pickup_outcomes_total{outcome="pickup_password_wrong",code=""}')).toBe(
			app.ctx.config.maxPickupAttempts - 1
		);
	});

	it('scrapes without the outbox gauges when the store does not answer', async () => {
		const lines = app.logLines().length;
		const text = await metricsText({
			...app.ctx,
			store: { ...app.ctx.store, outboxStats: () => Promise.reject(new Error('connection lost')) }
		});
		expect(sample(text, 'pickup_lockouts_total')).toBe(1);
		expect(text).not.toContain('pickup_outbox_messages{');
		expect(app.logLines().slice(lines)).toEqual([
			expect.objectContaining({
				level: 'warn',
				msg: 'metrics without the outbox: the store did not answer',
				err: expect.objectContaining({ message: 'connection lost' })
			})
		]);
	});
});
