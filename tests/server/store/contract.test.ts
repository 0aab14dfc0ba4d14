/**
 * The order store contract: what the server relies on from OrderStore (server/store/types.ts),
 * passed alike by SQLite and by PostgreSQL. The API tests run on SQLite only; this suite is where
 * PostgreSQL proves it behaves the same, and tests/server/instances.test.ts where several server
 * processes share it.
 *
 * The convention, for every store method added: a case inside `describe.each(STORE_KINDS)` below,
 * calling the store directly on the fresh, empty database `withStore(kind)` opens for each test
 * (`subject.open()` for a second instance on the same database). What only one store does (its own
 * failure modes) goes under `describe` blocks for that kind at the end of the file. This file runs
 * in the `server-postgres` Vitest project, the one with the throw-away PostgreSQL cluster.
 */
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { migrations } from '../../../server/store/migrations.ts';
import { isStorageFailure } from '../../../server/store/storage-failure.ts';
import { OrderChanged, type Order, type OrderStore } from '../../../server/store/types.ts';
import { appliedMigrations, newOrder, STORE_KINDS, withStore } from './stores.ts';

const DAY_MS = 86_400_000;

async function inserted(store: OrderStore, fields: Parameters<typeof newOrder>[0] = {}) {
	const order = newOrder(fields);
	await store.transaction(null, (tx) =>
		tx.insertOrder(order, { actor: 'operator', detail: { by: 'tester' } })
	);
	const found = await store.findOrder(order.id);
	if (!found) throw new Error('the inserted order is missing');
	return found;
}

/** A transition with nothing else to it, audited as the system's. */
function move(store: OrderStore, order: Order, to: Order['status'], changes = {}) {
	return store.transaction(order.id, (tx) =>
		tx.transition(order, to, { actor: 'system', event: `to_${to}` }, changes, new Date())
	);
}

function sleep(ms: number) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

describe.each(STORE_KINDS)('the %s order store', (kind) => {
	const subject = withStore(kind);

	describe('orders', () => {
		it('is the store the configuration names, and keeps every field of an order as given', async () => {
			expect(subject.store.kind).toBe(kind);
			const given = newOrder({
				contact: 'desk@example.be',
				issuanceDelaySeconds: 30,
				subjectAltNames: [
					{ type: 'email', value: 'zoe@example.be' },
					{ type: 'dns', value: 'zoe.example.be' }
				]
			});
			await subject.store.transaction(null, (tx) =>
				tx.insertOrder(given, { actor: 'operator', detail: { by: 'tester' } })
			);
			const found = await subject.store.findOrder(given.id);
			expect(found).toEqual({
				...given,
				status: 'awaiting_pickup',
				agreementAcceptedAt: null,
				lockedFrom: null,
				failedAttempts: 0,
				csrDer: null,
				spkiSha256: null,
				requestReceivedAt: null,
				issueAfter: null,
				issuingUntil: null,
				collectedAt: null,
				linkOpenedAt: null,
				updatedAt: given.createdAt,
				revision: 0
			});
			expect(Buffer.isBuffer(found?.linkSecretSha256)).toBe(true);
			expect(await subject.store.findOrder('unknownorder123')).toBeUndefined();
		});

		it('lists orders newest first, by status and up to a limit, and counts them as a number', async () => {
			const [oldest, middle, newest] = [3, 2, 1].map((daysAgo) =>
				new Date(Date.now() - daysAgo * DAY_MS).toISOString()
			);
			const first = await inserted(subject.store, { createdAt: oldest });
			const second = await inserted(subject.store, { createdAt: middle });
			const third = await inserted(subject.store, { createdAt: newest });
			await move(subject.store, second, 'cancelled');
			const ids = (orders: Order[]) => orders.map((order) => order.id);
			expect(ids(await subject.store.listOrders({ limit: 10 }))).toEqual([
				third.id,
				second.id,
				first.id
			]);
			expect(ids(await subject.store.listOrders({ limit: 2 }))).toEqual([third.id, second.id]);
			expect(ids(await subject.store.listOrders({ status: 'awaiting_pickup', limit: 10 }))).toEqual(
				[third.id, first.id]
			);
			expect(ids(await subject.store.listOrders({ status: 'cancelled', limit: 10 }))).toEqual([
				second.id
			]);
			expect(await subject.store.listOrders({ status: 'issued', limit: 10 })).toEqual([]);
			// PostgreSQL's count(*) is a bigint, which would arrive as a string without the cast.
			expect(await subject.store.countOrders()).toBe(3);
		});

		it('finds the other order that used a public key, never the order itself', async () => {
			const spki = 'b'.repeat(64);
			const first = await inserted(subject.store);
			const second = await inserted(subject.store);
			expect(await subject.store.orderWithKey(spki, second.id)).toBeUndefined();
			await move(subject.store, first, 'request_received', { spkiSha256: spki });
			expect(await subject.store.orderWithKey(spki, second.id)).toBe(first.id);
			expect(await subject.store.orderWithKey(spki, first.id)).toBeUndefined();
			expect(await subject.store.orderWithKey('c'.repeat(64), second.id)).toBeUndefined();
		});

		it('names the orders open for pickup whose deadline has come, and no others', async () => {
			const now = new Date();
			const past = new Date(now.getTime() - DAY_MS).toISOString();
			const due = await inserted(subject.store, { pickupDeadline: past });
			const dueNow = await inserted(subject.store, { pickupDeadline: now.toISOString() });
			const locked = await inserted(subject.store, { pickupDeadline: past });
			await move(subject.store, locked, 'locked', { lockedFrom: 'awaiting_pickup' });
			const issued = await inserted(subject.store, { pickupDeadline: past });
			await move(subject.store, issued, 'issued');
			const cancelled = await inserted(subject.store, { pickupDeadline: past });
			await move(subject.store, cancelled, 'cancelled');
			await inserted(subject.store, {
				pickupDeadline: new Date(now.getTime() + 1000).toISOString()
			});
			expect((await subject.store.dueOrderIds(now)).sort()).toEqual(
				[due.id, dueNow.id, locked.id].sort()
			);
		});
	});

	describe('transitions', () => {
		it('change the status and the given fields, bump the revision and audit the change', async () => {
			const order = await inserted(subject.store);
			const now = new Date(Date.now() + 1000);
			const csrDer = Buffer.from([0x30, 0x82, 0x00, 0xff, 0x00]);
			const moved = await subject.store.transaction(order.id, (tx) =>
				tx.transition(
					order,
					'request_received',
					{ actor: 'applicant', address: '192.0.2.7', event: 'request_received' },
					{ csrDer, spkiSha256: 'd'.repeat(64), requestReceivedAt: now.toISOString() },
					now
				)
			);
			expect(moved).toEqual({
				...order,
				status: 'request_received',
				csrDer,
				spkiSha256: 'd'.repeat(64),
				requestReceivedAt: now.toISOString(),
				updatedAt: now.toISOString(),
				revision: 1
			});
			expect(await subject.store.findOrder(order.id)).toEqual(moved);
			const [created, received] = await subject.store.auditTrail(order.id);
			expect(received).toMatchObject({
				at: now.toISOString(),
				orderId: order.id,
				actor: 'applicant',
				address: '192.0.2.7',
				event: 'request_received',
				fromStatus: 'awaiting_pickup',
				toStatus: 'request_received',
				detail: null
			});
			expect(created?.id).toBeLessThan(received?.id ?? 0);
		});

		it('refuse a change made on a stale copy of the order with OrderChanged, changing nothing', async () => {
			const stale = await inserted(subject.store);
			const fresh = await move(subject.store, stale, 'locked', {
				failedAttempts: 5,
				lockedFrom: 'awaiting_pickup'
			});
			await expect(move(subject.store, stale, 'cancelled')).rejects.toBeInstanceOf(OrderChanged);
			expect(await subject.store.findOrder(stale.id)).toEqual(fresh);
			expect((await subject.store.auditTrail(stale.id)).map((entry) => entry.event)).toEqual([
				'order_created',
				'to_locked'
			]);
			expect(
				await move(subject.store, fresh, 'awaiting_pickup', { lockedFrom: null })
			).toMatchObject({ status: 'awaiting_pickup', failedAttempts: 5, revision: 2 });
		});

		it('refuse a field that does not change after creation', async () => {
			const order = await inserted(subject.store);
			await expect(
				move(subject.store, order, 'awaiting_pickup', { pickupPasswordHash: 'other' })
			).rejects.toThrow('not a changeable order field: pickupPasswordHash');
			expect(await subject.store.findOrder(order.id)).toEqual(order);
		});
	});

	describe('transactions', () => {
		it('commit what the work returns and roll back all of it when the work throws', async () => {
			const kept = newOrder();
			const dropped = newOrder();
			expect(
				await subject.store.transaction(null, async (tx) => {
					await tx.insertOrder(kept, { actor: 'operator' });
					return (await tx.findOrder(kept.id))?.id;
				})
			).toBe(kept.id);
			await expect(
				subject.store.transaction(null, async (tx) => {
					await tx.insertOrder(dropped, { actor: 'operator' });
					expect(await tx.findOrder(dropped.id)).toBeDefined();
					throw new Error('the work failed');
				})
			).rejects.toThrow('the work failed');
			expect(await subject.store.findOrder(dropped.id)).toBeUndefined();
			expect(await subject.store.auditTrail(dropped.id)).toEqual([]);

			const order = await inserted(subject.store);
			await expect(
				subject.store.transaction(order.id, async (tx) => {
					const moved = await tx.transition(
						order,
						'cancelled',
						{ actor: 'operator', event: 'cancelled' },
						{},
						new Date()
					);
					expect(await tx.findOrder(order.id)).toEqual(moved);
					throw new Error('after the transition');
				})
			).rejects.toThrow('after the transition');
			expect(await subject.store.findOrder(order.id)).toEqual(order);
			expect(await subject.store.auditTrail(order.id)).toHaveLength(1);
		});

		it('run on an order id that does not exist, finding no order', async () => {
			expect(
				await subject.store.transaction('unknownorder123', (tx) => tx.findOrder('unknownorder123'))
			).toBeUndefined();
		});

		// The pattern of every change the server makes (changeOrder): read the order in the
		// transaction, decide, write. The second transaction must not read before the first commits,
		// or its write would fail with OrderChanged, or worse, overwrite the first one's.
		type SecondStore = [where: string, open: () => Promise<OrderStore>];
		const anotherInstance: SecondStore = ['in two stores on one database', () => subject.open()];
		const secondTransactionFrom: SecondStore[] = [
			['in one store', async () => subject.store],
			// Two better-sqlite3 connections in one process would block its only thread on each other:
			// for SQLite, instances.test.ts shows the same with two server processes.
			...(kind === 'postgres' ? [anotherInstance] : [])
		];
		it.each(secondTransactionFrom)(
			'on one order take turns %s: the second reads what the first wrote',
			async (_, second) => {
				const order = await inserted(subject.store);
				const secondStore = await second();
				const steps: string[] = [];
				let firstHasRead!: () => void;
				const firstRead = new Promise<void>((resolve) => (firstHasRead = resolve));
				let letFirstWrite!: () => void;
				const firstMayWrite = new Promise<void>((resolve) => (letFirstWrite = resolve));
				const countAttempt = (store: OrderStore, name: string, waitBeforeWriting?: Promise<void>) =>
					store.transaction(order.id, async (tx) => {
						const current = await tx.findOrder(order.id);
						if (!current) throw new Error('order missing');
						steps.push(`${name} read revision ${current.revision}`);
						firstHasRead();
						await waitBeforeWriting;
						await tx.transition(
							current,
							'awaiting_pickup',
							{ actor: 'applicant', event: 'pickup_password_wrong' },
							{ failedAttempts: current.failedAttempts + 1 },
							new Date()
						);
						steps.push(`${name} wrote`);
					});
				const first = countAttempt(subject.store, 'first', firstMayWrite);
				await firstRead;
				const secondAttempt = countAttempt(secondStore, 'second');
				// Time enough for the second to read, were it not held.
				await sleep(300);
				expect(steps).toEqual(['first read revision 0']);
				letFirstWrite();
				await Promise.all([first, secondAttempt]);
				expect(steps).toEqual([
					'first read revision 0',
					'first wrote',
					'second read revision 1',
					'second wrote'
				]);
				expect(await subject.store.findOrder(order.id)).toMatchObject({
					failedAttempts: 2,
					revision: 2
				});
			}
		);

		it('keep twelve concurrent read-decide-write attempts on one order from losing any', async () => {
			const order = await inserted(subject.store);
			const others = await Promise.all(
				Array.from({ length: kind === 'postgres' ? 2 : 0 }, () => subject.open())
			);
			const stores = [subject.store, ...others];
			await Promise.all(
				Array.from({ length: 12 }, (_, index) =>
					(stores[index % stores.length] as OrderStore).transaction(order.id, async (tx) => {
						const current = await tx.findOrder(order.id);
						if (!current) throw new Error('order missing');
						await tx.transition(
							current,
							current.status,
							{ actor: 'applicant', event: 'pickup_password_wrong' },
							{ failedAttempts: current.failedAttempts + 1 },
							new Date()
						);
					})
				)
			);
			expect(await subject.store.findOrder(order.id)).toMatchObject({
				failedAttempts: 12,
				revision: 12
			});
			expect(
				(await subject.store.auditTrail(order.id)).filter(
					(entry) => entry.event === 'pickup_password_wrong'
				)
			).toHaveLength(12);
		});
	});

	describe('sessions', () => {
		it('are valid for their order until they expire, and only by their token’s hash', async () => {
			const order = await inserted(subject.store);
			const other = await inserted(subject.store);
			const token = Buffer.alloc(32, 7);
			const now = new Date();
			const expiresAt = new Date(now.getTime() + 60_000);
			await subject.store.transaction(order.id, (tx) =>
				tx.insertSession(order.id, token, now, expiresAt)
			);
			expect(await subject.store.sessionValid(order.id, token, now)).toBe(true);
			expect(await subject.store.sessionValid(order.id, Buffer.from(token), now)).toBe(true);
			expect(await subject.store.sessionValid(other.id, token, now)).toBe(false);
			expect(await subject.store.sessionValid(order.id, Buffer.alloc(32, 8), now)).toBe(false);
			expect(
				await subject.store.sessionValid(order.id, token, new Date(expiresAt.getTime() - 1))
			).toBe(true);
			expect(await subject.store.sessionValid(order.id, token, expiresAt)).toBe(false);
		});

		it('expired ones are deleted when a new one is made, so a token cannot come back', async () => {
			const order = await inserted(subject.store);
			const token = Buffer.alloc(32, 1);
			const start = new Date();
			await subject.store.transaction(order.id, (tx) =>
				tx.insertSession(order.id, token, start, new Date(start.getTime() + 1000))
			);
			const later = new Date(start.getTime() + 2000);
			// The same hash again is refused while the old row exists; after the clean-up it is new.
			await subject.store.transaction(order.id, (tx) =>
				tx.insertSession(order.id, token, later, new Date(later.getTime() + 1000))
			);
			expect(await subject.store.sessionValid(order.id, token, later)).toBe(true);
		});
	});

	describe('certificates', () => {
		it('keep an order’s certificate, one per order and one per serial', async () => {
			const order = await inserted(subject.store);
			const other = await inserted(subject.store);
			const notBefore = new Date('2026-01-01T00:00:00.000Z');
			const notAfter = new Date('2027-01-01T00:00:00.000Z');
			const der = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]);
			const certificate = { serialHex: '00ab', der, notBefore, notAfter };
			expect(await subject.store.certificateOf(order.id)).toBeUndefined();
			await subject.store.transaction(order.id, (tx) =>
				tx.insertCertificate(order.id, certificate, new Date())
			);
			const stored = await subject.store.certificateOf(order.id);
			expect(stored).toEqual({
				serialHex: '00ab',
				der: Buffer.from(der),
				notAfter: notAfter.toISOString()
			});
			await expect(
				subject.store.transaction(order.id, (tx) =>
					tx.insertCertificate(order.id, { ...certificate, serialHex: '00ac' }, new Date())
				)
			).rejects.toThrow();
			await expect(
				subject.store.transaction(other.id, (tx) =>
					tx.insertCertificate(other.id, certificate, new Date())
				)
			).rejects.toThrow();
			expect(await subject.store.certificateOf(other.id)).toBeUndefined();
			expect(await subject.store.certificateOf(order.id)).toEqual(stored);
		});
	});

	describe('the audit trail', () => {
		it('lists an order’s entries in the order written, with attempts on unknown orders kept apart', async () => {
			const order = await inserted(subject.store);
			const at = new Date('2026-02-03T04:05:06.789Z');
			await subject.store.audit(
				{
					orderId: order.id,
					actor: 'applicant',
					address: '2001:db8::1',
					event: 'link_invalid',
					detail: { code: 'link_invalid', attemptsLeft: 4, locked: false, note: null }
				},
				at
			);
			await subject.store.audit({ orderId: null, actor: 'applicant', event: 'link_invalid' }, at);
			await subject.store.transaction(order.id, (tx) =>
				tx.audit({ orderId: order.id, actor: 'operator', event: 'noted' }, at)
			);
			const trail = await subject.store.auditTrail(order.id);
			expect(trail.map((entry) => entry.event)).toEqual(['order_created', 'link_invalid', 'noted']);
			expect(trail[0]).toMatchObject({
				actor: 'operator',
				toStatus: 'awaiting_pickup',
				fromStatus: null
			});
			expect(JSON.parse(trail[0]?.detail ?? '{}')).toEqual({
				by: 'tester',
				product: 'personal-sign-pro',
				reissueOf: null
			});
			expect(trail[1]).toEqual({
				id: expect.any(Number),
				at: at.toISOString(),
				orderId: order.id,
				actor: 'applicant',
				address: '2001:db8::1',
				event: 'link_invalid',
				fromStatus: null,
				toStatus: null,
				detail: JSON.stringify({ code: 'link_invalid', attemptsLeft: 4, locked: false, note: null })
			});
			expect(trail[2]).toMatchObject({ address: null, detail: null });
		});
	});

	describe('the schema', () => {
		it('is migrated once when two stores open a new database together, and reopened as it is', async () => {
			const location = await subject.emptyLocation();
			// The migrations create tables and add columns: applied twice, they would fail.
			const [first, second] = await Promise.all([subject.open(location), subject.open(location)]);
			const versions = migrations(kind).map((migration) => migration.version);
			expect(await appliedMigrations(location)).toEqual(versions);
			const order = await inserted(first as OrderStore);
			expect(await second?.findOrder(order.id)).toEqual(order);
			const reopened = await subject.open(location);
			expect(await reopened.findOrder(order.id)).toEqual(order);
			expect(await appliedMigrations(location)).toEqual(versions);
		});
	});
});

describe('the postgres order store on its own', () => {
	const subject = withStore('postgres');

	it('takes a connection the database ended as a storage failure, and goes on with a new one', async () => {
		const order = await inserted(subject.store);
		const failure = await subject.store
			.transaction(order.id, async (tx) => {
				await endConnections(subject.location.databaseUrl ?? '');
				return tx.findOrder(order.id);
			})
			.then(
				() => undefined,
				(error: unknown) => error
			);
		expect(isStorageFailure(failure), String(failure)).toBe(true);
		expect(await subject.store.findOrder(order.id)).toEqual(order);
	});
});

/** Ends every connection to the database, as a restart or failover of PostgreSQL would. */
async function endConnections(databaseUrl: string): Promise<void> {
	const admin = new pg.Client({ connectionString: inject('postgresUrl') });
	await admin.connect();
	const database = new URL(databaseUrl).pathname.slice(1);
	try {
		await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
			database
		]);
		// pg_terminate_backend only signals: the statement after it must meet an ended connection.
		const connections = async () =>
			(
				await admin.query<{ n: number }>(
					'SELECT CAST(count(*) AS INTEGER) AS n FROM pg_stat_activity WHERE datname = $1',
					[database]
				)
			).rows[0]?.n;
		while ((await connections()) !== 0) await sleep(20);
	} finally {
		await admin.end();
	}
}
