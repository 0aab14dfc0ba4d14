/**
 * Two server instances on one PostgreSQL database, each running its outbox: every e-mail and every
 * webhook event is sent once, by one of them. Also at the store itself: two stores claiming due
 * messages at the same moment get disjoint sets (FOR UPDATE SKIP LOCKED).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createDatabase, dropDatabase } from '../../../server/postgres-cluster.ts';
import { openPostgresStore } from '../../../server/store/postgres.ts';
import type { OrderStore } from '../../../server/store/types.ts';
import { Api, csrFor, newOrder, startServer, type TestServer } from '../harness.ts';
import { startSmtpSink, type SmtpSink } from '../mail/smtp-sink.ts';
import { startReceiver, type Receiver } from '../webhooks/receiver.ts';
import { emailOf, mailsFor, verified, WEBHOOK_SECRET } from './outbox-support.ts';

const ORDERS = 12;
const WAIT = { timeout: 90_000, interval: 200 };

let databaseUrl: string;
let instances: TestServer[];
let sink: SmtpSink;
let receiver: Receiver;
const dataDir = mkdtempSync(join(tmpdir(), 'pickup-outbox-instances-'));

beforeAll(async () => {
	databaseUrl = await createDatabase(inject('postgresUrl'));
	sink = await startSmtpSink();
	receiver = await startReceiver();
	const shared = {
		DATA_DIR: dataDir,
		DATABASE_URL: databaseUrl,
		SMTP_URL: sink.url(),
		WEBHOOK_URL: receiver.url,
		WEBHOOK_SECRET,
		// Both instances poll often, so they compete for the same messages all the time.
		OUTBOX_POLL_MS: '20',
		OUTBOX_RETRY_BASE_MS: '100'
	};
	instances = await Promise.all([startServer(shared), startServer(shared)]);
});

afterAll(async () => {
	await Promise.all(instances.map((instance) => instance.stop()));
	await sink.close();
	await receiver.close();
	rmSync(dataDir, { recursive: true, force: true });
	await dropDatabase(inject('postgresUrl'), databaseUrl);
});

describe('two instances on PostgreSQL', () => {
	it('send every e-mail and every event once', async () => {
		const [first, second] = instances;
		if (!first || !second) throw new Error('two instances expected');
		const created = await Promise.all(
			Array.from({ length: ORDERS }, (_, index) =>
				newOrder(index % 2 ? first : second, { delivery: 'email' })
			)
		);
		// Each pickup's events come from the instance that handled it: half at each.
		await Promise.all(
			created.slice(0, 4).map(async (order, index) => {
				const api = new Api(index % 2 ? first : second, order.order.id);
				const session = await api.session(order.linkSecret);
				const token = session.body.sessionToken as string;
				expect((await api.request(token, await csrFor())).status).toBe(200);
			})
		);
		await vi.waitFor(async () => {
			for (const order of created)
				expect((await emailOf(first, order.order.id)).status).toBe('sent');
			const events = verified(receiver.deliveries);
			expect(events.filter((event) => event.type === 'order.issued')).toHaveLength(4);
		}, WAIT);

		for (const order of created)
			expect(await mailsFor(sink.received, order.order.id)).toHaveLength(1);
		expect(sink.received).toHaveLength(ORDERS);
		const ids = verified(receiver.deliveries).map((event) => event.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids).toHaveLength(8);
	});
});

describe('claiming due messages', () => {
	it('gives two stores claiming at once disjoint sets, together every message', async () => {
		const url = await createDatabase(inject('postgresUrl'));
		const stores: OrderStore[] = await Promise.all([
			openPostgresStore(url, { webhookEvents: false }),
			openPostgresStore(url, { webhookEvents: false })
		]);
		try {
			const now = new Date();
			const [one, two] = stores as [OrderStore, OrderStore];
			await one.transaction(null, async (tx) => {
				for (let index = 0; index < 30; index++)
					await tx.enqueue(
						{
							id: `msg_${index}`,
							kind: 'webhook',
							orderId: null,
							topic: 'order.issued',
							payload: '{}'
						},
						now
					);
			});
			const lease = new Date(now.getTime() + 60_000);
			const claim = (store: OrderStore, token: string) =>
				store.transaction(null, (tx) => tx.claimDue(now, lease, token, 20));
			const [a, b] = await Promise.all([claim(one, 'a'), claim(two, 'b')]);
			const ids = [...a, ...b].map((message) => message.id);
			expect(new Set(ids).size).toBe(ids.length);
			expect(ids).toHaveLength(30);
			// Claimed messages are not claimed again while the lease runs.
			expect(await claim(one, 'c')).toHaveLength(0);
			// A claim lost to a lease that ran out cannot settle.
			const later = new Date(lease.getTime() + 1);
			const [reclaimed] = await one.transaction(null, (tx) =>
				tx.claimDue(later, new Date(later.getTime() + 60_000), 'd', 1)
			);
			if (!reclaimed) throw new Error('nothing reclaimed');
			const first = a.find((message) => message.id === reclaimed.id) ? 'a' : 'b';
			expect(
				await one.transaction(null, (tx) =>
					tx.settleOutbox(reclaimed.id, first, { status: 'sent', at: later, detail: 'late' })
				)
			).toBe(false);
			expect(
				await one.transaction(null, (tx) =>
					tx.settleOutbox(reclaimed.id, 'd', { status: 'sent', at: later, detail: '250 ok' })
				)
			).toBe(true);
		} finally {
			await Promise.all(stores.map((store) => store.close()));
			await dropDatabase(inject('postgresUrl'), url);
		}
	});
});
