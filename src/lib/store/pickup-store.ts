import { openDB, type IDBPDatabase } from 'idb';
import { MIGRATIONS, type Migration } from './migrations.ts';
import { readablePickupRecord, readPickupRecord } from './records.ts';
import type { PickupDb, SavedPickup } from './schema.ts';

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
		const start = performance.now();
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
			performance.measure('store open', { start });
			return new PickupStore(db);
		} catch (cause) {
			throw new StorageUnavailableError(cause);
		}
	}

	/** Throws UnreadablePickupError when the stored record cannot be read as a pickup. */
	async get(orderId: string): Promise<SavedPickup | undefined> {
		const stored = await this.#db.get('pickups', orderId);
		return stored === undefined ? undefined : readPickupRecord(stored);
	}

	async put(pickup: SavedPickup): Promise<void> {
		const start = performance.now();
		await this.#db.put('pickups', pickup);
		// In the performance timeline, where `npm run bench` finds what a pickup spends on its writes.
		performance.measure('store put', { start });
	}

	/** Newest first: what the start page offers to continue. One that cannot be read says so when opened. */
	async list(): Promise<SavedPickup[]> {
		return readable(await this.#db.getAllFromIndex('pickups', 'updatedAt')).reverse();
	}

	async delete(orderId: string): Promise<void> {
		await this.#db.delete('pickups', orderId);
	}

	/** Deletes the pickups that can no longer go anywhere (see isStale); returns their order ids. */
	async deleteStale(now: Date): Promise<string[]> {
		const stale = readable(await this.#db.getAll('pickups')).filter((pickup) =>
			isStale(pickup, now)
		);
		const transaction = this.#db.transaction('pickups', 'readwrite');
		await Promise.all([
			...stale.map((pickup) => transaction.store.delete(pickup.orderId)),
			transaction.done
		]);
		return stale.map((pickup) => pickup.orderId);
	}

	close(): void {
		this.#db.close();
	}
}

function readable(stored: unknown[]): SavedPickup[] {
	return stored.flatMap((record) => readablePickupRecord(record) ?? []);
}

/**
 * A pickup past its deadline that never sent its request: the server expires such an order, so
 * the link secret and any wrapped key kept for it are of no use. Once a request is in, the
 * certificate stays collectable after the deadline, so those pickups are kept until the server
 * answers that the order is closed, or the applicant confirms the file is saved.
 */
export function isStale(pickup: SavedPickup, now: Date): boolean {
	return !pickup.csrPem && Date.parse(pickup.order.pickupDeadline) <= now.getTime();
}

export interface StoreOnFirstUse extends Pick<PickupStore, 'get' | 'put' | 'delete' | 'list'> {
	/**
	 * Opens it now, for a caller that will use it in a moment: the pickup page, whose first read
	 * waits for the tab to claim the order (a Web Lock, tens of milliseconds), which the opening
	 * then overlaps. A failure is the first use's to report.
	 */
	startOpening(): void;
}

/**
 * The store opened on its first use, so the first screen does not wait for IndexedDB; opening it
 * sweeps the stale pickups first. A failed sweep is left for the next start.
 */
export function pickupStoreOnFirstUse(now: () => Date = () => new Date()): StoreOnFirstUse {
	let opening: Promise<PickupStore> | null = null;
	const store = () =>
		(opening ??= PickupStore.open().then(async (opened) => {
			await opened.deleteStale(now()).catch(() => undefined);
			return opened;
		}));
	return {
		get: async (orderId) => (await store()).get(orderId),
		put: async (pickup) => (await store()).put(pickup),
		delete: async (orderId) => (await store()).delete(orderId),
		list: async () => (await store()).list(),
		startOpening: () => void store().catch(() => undefined)
	};
}
