import { describe, expect, it } from 'vitest';
import { sessionStorageKeeper, webLocksTabLock } from '../../../src/lib/pickup/browser-ports';

class MemoryStorage implements Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
	readonly items = new Map<string, string>();
	getItem(key: string) {
		return this.items.get(key) ?? null;
	}
	setItem(key: string, value: string) {
		this.items.set(key, value);
	}
	removeItem(key: string) {
		this.items.delete(key);
	}
}

/** The Web Locks semantics the tab lock relies on: ifAvailable, steal, and AbortError for the robbed holder. */
class FakeLockManager {
	readonly #held = new Map<string, (error: Error) => void>();
	async request(
		name: string,
		options: { ifAvailable?: boolean; steal?: boolean },
		callback: (lock: object | null) => Promise<void>
	) {
		if (this.#held.has(name) && options.ifAvailable) return callback(null);
		if (options.steal) this.#held.get(name)?.(new DOMException('stolen', 'AbortError'));
		return new Promise<void>((resolve, reject) => {
			this.#held.set(name, reject);
			callback({ name }).then(() => {
				this.#held.delete(name);
				resolve();
			});
		});
	}
}

describe('sessionStorageKeeper', () => {
	it('keeps a session until a minute before it expires', () => {
		let now = Date.parse('2026-11-26T12:00:00Z');
		const keeper = sessionStorageKeeper(new MemoryStorage() as unknown as Storage, () => now);
		keeper.set('o', 'tok', '2026-11-26T12:30:00Z');
		expect(keeper.get('o')).toBe('tok');
		now = Date.parse('2026-11-26T12:29:30Z');
		expect(keeper.get('o')).toBeNull();
	});

	it('ignores what it cannot read and forgets on clear', () => {
		const storage = new MemoryStorage();
		const keeper = sessionStorageKeeper(storage as unknown as Storage);
		storage.setItem('cert-pickup:session:o', '{not json');
		expect(keeper.get('o')).toBeNull();
		keeper.set('o', 'tok', new Date(Date.now() + 3_600_000).toISOString());
		keeper.clear('o');
		expect(keeper.get('o')).toBeNull();
	});
});

describe('webLocksTabLock', () => {
	it('lets one tab hold an order, refuses a second, and tells the first when the second steals it', async () => {
		const locks = new FakeLockManager() as unknown as LockManager;
		const first = webLocksTabLock(locks);
		const second = webLocksTabLock(locks);
		let firstLost = false;
		expect(await first.acquire('o', { steal: false, onLost: () => (firstLost = true) })).toBe(true);
		expect(await second.acquire('o', { steal: false, onLost: () => undefined })).toBe(false);
		expect(await second.acquire('o', { steal: true, onLost: () => undefined })).toBe(true);
		await Promise.resolve();
		expect(firstLost).toBe(true);
		second.release();
	});

	it('works without Web Locks, as one tab', async () => {
		expect(
			await webLocksTabLock(undefined).acquire('o', { steal: false, onLost: () => undefined })
		).toBe(true);
	});
});
