import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { PickupDb } from './schema';

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
	}
];
