import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { readablePickupRecord } from './records.ts';
import type { PickupDb } from './schema.ts';

type UpgradeTransaction = IDBPTransaction<PickupDb, StoreNames<PickupDb>[], 'versionchange'>;

/**
 * Migration n takes the database from version n to n + 1; the database version is the number of
 * migrations. Never edit a released migration: add the next one, with a test that opens a database
 * written by the previous version.
 */
export type Migration = (
	db: IDBPDatabase<PickupDb>,
	transaction: UpgradeTransaction
) => void | Promise<void>;

export const MIGRATIONS: readonly Migration[] = [
	(db) => {
		const pickups = db.createObjectStore('pickups', { keyPath: 'orderId' });
		pickups.createIndex('updatedAt', 'updatedAt');
	},
	async (_db, transaction) => {
		let cursor = await transaction.objectStore('pickups').openCursor();
		while (cursor) {
			// An unreadable record is left as it is, to be reported when its pickup is opened.
			const upgraded = readablePickupRecord(cursor.value);
			if (upgraded) await cursor.update(upgraded);
			cursor = await cursor.continue();
		}
	}
];
