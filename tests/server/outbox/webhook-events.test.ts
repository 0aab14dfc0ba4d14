/**
 * Order events reach the CA's order system through the outbox of the real server, signed to the
 * Standard Webhooks spec: a whole pickup announces its request, issuance and collection; the
 * operator's and the deadline's changes theirs; a receiver that is down and comes back gets each
 * event once.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../server/config.ts';
import { cancelOrder, expireDueOrders } from '../../../server/orders/operator.ts';
import {
	Api,
	csrFor,
	newOrder,
	openedOrder,
	startServer,
	withStore,
	type TestServer
} from '../harness.ts';
import { startReceiver, type Receiver } from '../webhooks/receiver.ts';
import { FAST_OUTBOX, verified, WEBHOOK_SECRET, type VerifiedEvent } from './outbox-support.ts';

const WAIT = { timeout: 60_000, interval: 100 };

let server: TestServer;
let receiver: Receiver;

beforeAll(async () => {
	receiver = await startReceiver();
	server = await startServer({ WEBHOOK_URL: receiver.url, WEBHOOK_SECRET, ...FAST_OUTBOX });
});

afterAll(async () => {
	await server.dispose();
	await receiver.close();
});

function eventsOf(orderId: string, events: VerifiedEvent[]): VerifiedEvent[] {
	return events.filter((event) => event.data.orderId === orderId);
}

describe('webhook events', () => {
	it('a receiver that is down and comes back gets each event of a whole pickup once', async () => {
		receiver.answer(503, 'maintenance');
		const { created, api, token } = await openedOrder(server);
		expect((await api.request(token, await csrFor())).status).toBe(200);
		expect((await api.collected(token)).status).toBe(204);
		const orderId = created.order.id;
		// Down: each event is tried (and refused) more than once.
		await vi.waitFor(() => {
			const tried = verified(receiver.deliveries).filter((event) => event.data.orderId === orderId);
			expect(new Set(tried.map((event) => event.type)).size).toBe(3);
			expect(tried.length).toBeGreaterThan(3);
		}, WAIT);

		receiver.answer(204);
		const backAt = receiver.deliveries.length;
		await vi.waitFor(() => {
			const after = eventsOf(orderId, verified(receiver.deliveries.slice(backAt)));
			expect(new Set(after.map((event) => event.type)).size).toBe(3);
		}, WAIT);
		// A later event is a barrier: once it is in, anything still queued for the order went too.
		const barrier = await newOrder(server);
		await withStore(server, (store) =>
			cancelOrder({ store, config: loadConfig(server.env) }, barrier.order.id, 'test barrier')
		);
		await vi.waitFor(
			() =>
				expect(
					eventsOf(barrier.order.id, verified(receiver.deliveries.slice(backAt)))
				).toHaveLength(1),
			WAIT
		);

		const delivered = eventsOf(orderId, verified(receiver.deliveries.slice(backAt)));
		expect(delivered.map((event) => event.type).sort()).toEqual([
			'order.collected',
			'order.issued',
			'order.request_received'
		]);
		expect(new Set(delivered.map((event) => event.id)).size).toBe(3);
		// Retries keep the event's id, so a receiver can de-duplicate by webhook-id.
		const tried = eventsOf(orderId, verified(receiver.deliveries.slice(0, backAt)));
		for (const event of delivered) expect(tried.map((retry) => retry.id)).toContain(event.id);
		expect(delivered.find((event) => event.type === 'order.issued')?.data).toMatchObject({
			status: 'issued'
		});
	});

	it('announces a lock, a cancellation and an expiry; a tampered body fails verification', async () => {
		receiver.answer(204);
		const locked = await newOrder(server);
		const api = new Api(server, locked.order.id);
		for (let attempt = 0; attempt < 5; attempt++)
			await api.session(locked.linkSecret, 'not the pickup password');
		const cancelled = await newOrder(server);
		await withStore(server, (store) =>
			cancelOrder({ store, config: loadConfig(server.env) }, cancelled.order.id, 'duplicate')
		);
		const late = await newOrder(server, {}, { now: new Date(Date.now() - 40 * 86_400_000) });
		await withStore(server, (store) =>
			expireDueOrders({ store, config: loadConfig(server.env) }, 'system')
		);
		await vi.waitFor(() => {
			const events = verified(receiver.deliveries);
			expect(eventsOf(locked.order.id, events).map((event) => event.type)).toEqual([
				'order.locked'
			]);
			expect(eventsOf(cancelled.order.id, events).map((event) => event.type)).toEqual([
				'order.cancelled'
			]);
			expect(eventsOf(late.order.id, events).map((event) => event.type)).toEqual(['order.expired']);
		}, WAIT);

		const [genuine] = receiver.deliveries;
		if (!genuine) throw new Error('no delivery');
		expect(() =>
			verified([{ ...genuine, body: genuine.body.replace('"order.', '"order.x') }])
		).toThrow();
	});
});
