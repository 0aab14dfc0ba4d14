import { openDB, type IDBPDatabase } from 'idb';
import { MIGRATIONS, type Migration } from './migrations';
import type { PickupDb, SavedPickup } from './schema';

export const DATABASE_NAME = 'cert-pickup';

/** IndexedDB is missing or refuses to open (some private windows, a full disk, a blocked upgrade). */
export class StorageUnavailableError extends Error {
	constructor(cause: unknown) {
		super(`Local storage is not available: ${String(cause)}`, { cause });
		this.name = 'StorageUnavailableError';
	}
}

/** Pickups in progress, one record per order. */
export class PickupStore {
	readonly #db: IDBPDatabase<PickupDb>;

	private constructor(db: IDBPDatabase<PickupDb>) {
		this.#db = db;
	}

	static async open(
		migrations: readonly Migration[] = MIGRATIONS,
		name = DATABASE_NAME
	): Promise<PickupStore> {
		try {
			const db: IDBPDatabase<PickupDb> = await openDB<PickupDb>(name, migrations.length, {
				async upgrade(database, oldVersion, _newVersion, transaction) {
					for (const migrate of migrations.slice(oldVersion)) await migrate(database, transaction);
				},
				blocking() {
					// A newer version of the app in another tab needs to upgrade the schema: step aside.
					db.close();
				}
			});
			return new PickupStore(db);
		} catch (cause) {
			throw new StorageUnavailableError(cause);
		}
	}

	async get(orderId: string): Promise<SavedPickup | undefined> {
		return this.#db.get('pickups', orderId);
	}

	async put(pickup: SavedPickup): Promise<void> {
		await this.#db.put('pickups', pickup);
	}

	/** Newest first: what the start page offers to continue. */
	async list(): Promise<SavedPickup[]> {
		return (await this.#db.getAllFromIndex('pickups', 'updatedAt')).reverse();
	}

	async delete(orderId: string): Promise<void> {
		await this.#db.delete('pickups', orderId);
	}

	close(): void {
		this.#db.close();
	}
}

/** The store opened on its first use, so the first screen does not wait for IndexedDB. */
export function pickupStoreOnFirstUse(): Pick<PickupStore, 'get' | 'put' | 'delete' | 'list'> {
	let opening: Promise<PickupStore> | null = null;
	const store = () => (opening ??= PickupStore.open());
	return {
		get: async (orderId) => (await store()).get(orderId),
		put: async (pickup) => (await store()).put(pickup),
		delete: async (orderId) => (await store()).delete(orderId),
		list: async () => (await store()).list()
	};
}
