import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MIGRATIONS, type Migration } from '../../../src/lib/store/migrations.ts';
import {
	DATABASE_NAME,
	PickupStore,
	StorageUnavailableError,
	pickupStoreOnFirstUse
} from '../../../src/lib/store/pickup-store.ts';
import type { SavedPickup } from '../../../src/lib/store/schema.ts';
import { orderSummary } from '../components/fixtures.ts';

let name = 0;
const freshName = () => `test-db-${++name}`;
const opened: PickupStore[] = [];
afterEach(() => {
	opened.splice(0).forEach((store) => store.close());
	vi.restoreAllMocks();
});

async function open(
	dbName: string,
	migrations: readonly Migration[] = MIGRATIONS
): Promise<PickupStore> {
	const store = await PickupStore.open(migrations, dbName);
	opened.push(store);
	return store;
}

/** Past its deadline without a request sent: the sweep deletes it (isStale). */
function stalePickup(): SavedPickup {
	return {
		...pickup('stale', '2026-11-01T00:00:00Z'),
		step: 'review',
		wrappedKey: undefined,
		csrPem: undefined,
		order: orderSummary({ pickupDeadline: '2026-11-30T00:00:00Z' })
	};
}

function pickup(orderId: string, updatedAt: string): SavedPickup {
	return {
		schemaVersion: 2,
		orderId,
		linkSecret: 'secret-secret-secret-22',
		order: orderSummary({ orderId }),
		step: 'requested',
		wrappedKey: new Uint8Array([1, 2, 3]),
		csrPem: '-----BEGIN CERTIFICATE REQUEST-----',
		createdAt: updatedAt,
		updatedAt
	};
}

describe('PickupStore', () => {
	it('keeps a pickup with its binary wrapped key', async () => {
		const store = await open(freshName());
		await store.put(pickup('a', '2026-11-01T00:00:00Z'));
		const read = await store.get('a');
		expect(read?.wrappedKey).toEqual(new Uint8Array([1, 2, 3]));
		expect(read?.order.orderId).toBe('a');
		await store.delete('a');
		expect(await store.get('a')).toBeUndefined();
	});

	it('lists pickups newest first', async () => {
		const store = await open(freshName());
		await store.put(pickup('old', '2026-11-01T00:00:00Z'));
		await store.put(pickup('new', '2026-11-20T00:00:00Z'));
		await store.put(pickup('mid', '2026-11-10T00:00:00Z'));
		expect((await store.list()).map((saved) => saved.orderId)).toEqual(['new', 'mid', 'old']);
	});

	it('survives closing and reopening', async () => {
		const dbName = freshName();
		const first = await open(dbName);
		await first.put(pickup('a', '2026-11-01T00:00:00Z'));
		first.close();
		await expect((await open(dbName)).get('a')).resolves.toMatchObject({ step: 'requested' });
	});

	it('runs only the migrations a database has not had, keeping its records', async () => {
		const dbName = freshName();
		const v1 = await open(dbName, MIGRATIONS);
		await v1.put(pickup('a', '2026-11-01T00:00:00Z'));
		v1.close();
		const ran: number[] = [];
		const next: Migration[] = [
			...MIGRATIONS.map((migration, index) => {
				const counted: Migration = (db, tx) => {
					ran.push(index);
					return migration(db, tx);
				};
				return counted;
			}),
			async (_db, transaction) => {
				ran.push(MIGRATIONS.length);
				const pickups = transaction.objectStore('pickups');
				for (const record of await pickups.getAll())
					await pickups.put({ ...(record as SavedPickup), step: 'issued' });
			}
		];
		const v2 = await open(dbName, next);
		expect(ran).toEqual([MIGRATIONS.length]);
		expect(await v2.get('a')).toMatchObject({ orderId: 'a', step: 'issued' });
		const raw = await openDB(dbName);
		expect(raw.version).toBe(MIGRATIONS.length + 1);
		raw.close();
	});

	it('reports a database it cannot open as unavailable storage', async () => {
		const dbName = freshName();
		(await open(dbName, [...MIGRATIONS, () => undefined])).close();
		await expect(PickupStore.open(MIGRATIONS, dbName)).rejects.toBeInstanceOf(
			StorageUnavailableError
		);
	});

	it('deletes the pickups past their deadline that never sent a request, and only those', async () => {
		const store = await open(freshName());
		const now = new Date('2026-12-01T12:00:00Z');
		const deadline = (iso: string) => orderSummary({ pickupDeadline: iso });
		const notSent = (orderId: string, pickupDeadline: string): SavedPickup => ({
			...pickup(orderId, '2026-11-01T00:00:00Z'),
			step: 'key-options',
			order: deadline(pickupDeadline),
			wrappedKey: undefined,
			csrPem: undefined
		});
		await store.put(notSent('expired', '2026-12-01T11:59:59Z'));
		await store.put(notSent('at-deadline', '2026-12-01T12:00:00Z'));
		await store.put(notSent('open', '2026-12-01T12:00:01Z'));
		await store.put({
			...pickup('requested-after-deadline', '2026-11-01T00:00:00Z'),
			order: deadline('2026-11-02T00:00:00Z')
		});
		expect((await store.deleteStale(now)).sort()).toEqual(['at-deadline', 'expired']);
		expect((await store.list()).map((saved) => saved.orderId).sort()).toEqual([
			'open',
			'requested-after-deadline'
		]);
	});

	it('sweeps stale pickups when the app first uses the store', async () => {
		const seeded = await open(DATABASE_NAME);
		await seeded.put(stalePickup());
		await seeded.put(pickup('kept', '2026-11-01T00:00:00Z'));
		seeded.close();
		const store = pickupStoreOnFirstUse(() => new Date('2026-12-01T00:00:00Z'));
		expect((await store.list()).map((saved) => saved.orderId)).toEqual(['kept']);
	});

	it('opens at once when told to, sweeping before any read is asked for', async () => {
		const seeded = await open(DATABASE_NAME);
		await seeded.put(stalePickup());
		seeded.close();
		const store = pickupStoreOnFirstUse(() => new Date('2026-12-01T00:00:00Z'));
		store.startOpening();
		await vi.waitFor(async () => {
			const observer = await open(DATABASE_NAME);
			try {
				expect((await observer.list()).map((saved) => saved.orderId)).not.toContain('stale');
			} finally {
				observer.close();
			}
		});
	});

	it('leaves a failure to open to the first use to report, and raises nothing before it', async () => {
		vi.spyOn(indexedDB, 'open').mockImplementation(() => {
			throw new DOMException('denied', 'SecurityError');
		});
		const store = pickupStoreOnFirstUse();
		store.startOpening();
		await new Promise((resolve) => setTimeout(resolve, 0));
		await expect(store.get('any')).rejects.toBeInstanceOf(StorageUnavailableError);
	});
});
