import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src/lib/store/migrations.ts';
import { PickupStore } from '../../../src/lib/store/pickup-store.ts';
import {
	readPickupRecord,
	SCHEMA_VERSION,
	UnreadablePickupError
} from '../../../src/lib/store/records.ts';
import { v1Record } from './v1-record.ts';

let name = 0;
const freshName = () => `versions-db-${++name}`;
const opened: PickupStore[] = [];
afterEach(() => opened.splice(0).forEach((store) => store.close()));

/** A database as the first release left it: created by its one migration, holding its records. */
async function firstReleaseDatabase(records: object[]): Promise<string> {
	const dbName = freshName();
	const db = await openDB(dbName, 1, {
		upgrade: (database, _oldVersion, _newVersion, transaction) =>
			void MIGRATIONS[0]?.(database as never, transaction as never)
	});
	for (const record of records) await db.put('pickups', record);
	db.close();
	return dbName;
}

async function open(dbName: string): Promise<PickupStore> {
	const store = await PickupStore.open(MIGRATIONS, dbName);
	opened.push(store);
	return store;
}

describe('stored pickup versions', () => {
	it('migrates a record of the first release forward when the database upgrades', async () => {
		const dbName = await firstReleaseDatabase([v1Record('ord_v1')]);
		(await open(dbName)).close();
		const raw = await openDB(dbName);
		const stored = await raw.get('pickups', 'ord_v1');
		raw.close();
		expect(stored.schemaVersion).toBe(SCHEMA_VERSION);
		expect(stored.order).not.toHaveProperty('operatorNote');
		expect(stored).toMatchObject({
			orderId: 'ord_v1',
			step: 'requested',
			wrappedKey: new Uint8Array([1, 2, 3]),
			keyChoice: { algorithm: 'P-256', profile: 'modern' },
			session: { token: 'token' },
			order: { orderId: 'ord_v1', keyPolicy: { recommended: 'P-256' } }
		});
	});

	it('leaves a record it cannot read as it is during the upgrade, and reports it when read', async () => {
		const broken = v1Record('ord_broken', { order: { orderId: 'ord_broken' } });
		const dbName = await firstReleaseDatabase([broken, v1Record('ord_fine')]);
		const store = await open(dbName);
		await expect(store.get('ord_broken')).rejects.toBeInstanceOf(UnreadablePickupError);
		await expect(store.get('ord_fine')).resolves.toMatchObject({ schemaVersion: SCHEMA_VERSION });
		expect((await store.list()).map((pickup) => pickup.orderId)).toEqual(['ord_fine']);
		expect(await store.deleteStale(new Date('2030-01-01T00:00:00Z'))).toEqual([]);
		await store.delete('ord_broken');
		expect(await store.get('ord_broken')).toBeUndefined();
	});

	it('reads a first-release record met after the upgrade the same way', () => {
		const read = readPickupRecord(v1Record('ord_late'));
		expect(read.schemaVersion).toBe(SCHEMA_VERSION);
		expect(read.order).not.toHaveProperty('operatorNote');
	});

	it.each([
		['not an object', 'nonsense', 'record is not an object'],
		['a version from the future', { ...v1Record('o'), schemaVersion: 99 }, 'schemaVersion'],
		['an unknown step', v1Record('o', { step: 'teleported' }), 'step is not one of'],
		['a missing link secret', v1Record('o', { linkSecret: undefined }), 'linkSecret'],
		['a key that is not bytes', v1Record('o', { wrappedKey: 'AQID' }), 'wrappedKey is not bytes'],
		[
			'an order without its subject list',
			v1Record('o', { order: { ...v1Record('o').order, subject: 'CN=x' } }),
			'order.subject is not a list'
		],
		[
			'a deadline that is not a date',
			{
				...v1Record('o'),
				schemaVersion: 2,
				order: { ...v1Record('o').order, pickupDeadline: 'soon' }
			},
			'order.pickupDeadline is not a date'
		]
	])('refuses %s, saying which field', (_what, stored, message) => {
		expect(() => readPickupRecord(stored)).toThrow(UnreadablePickupError);
		expect(() => readPickupRecord(stored)).toThrow(message);
	});

	it('keeps the link secret of an unreadable record, so its link can be opened afresh', () => {
		const error = (() => {
			try {
				readPickupRecord(v1Record('o', { step: 42 }));
			} catch (thrown) {
				return thrown;
			}
		})();
		expect(error).toBeInstanceOf(UnreadablePickupError);
		expect((error as UnreadablePickupError).linkSecret).toBe('q3Yx8mZ1vK0pL7sT2wR9aB');
	});
});
