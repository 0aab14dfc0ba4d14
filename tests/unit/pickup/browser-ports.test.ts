import { describe, expect, it } from 'vitest';
import { nextOnline, webLocksTabLock } from '../../../src/lib/pickup/browser-ports.ts';

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

describe('nextOnline', () => {
	it('resolves at the next online event, once', async () => {
		const target = new EventTarget();
		let resolved = false;
		const online = nextOnline(target as unknown as Window).then(() => (resolved = true));
		target.dispatchEvent(new Event('offline'));
		await Promise.resolve();
		expect(resolved).toBe(false);
		target.dispatchEvent(new Event('online'));
		await online;
		expect(resolved).toBe(true);
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
	});

	it('stops the work still running for the order when another tab steals the lock', async () => {
		const locks = new FakeLockManager() as unknown as LockManager;
		const log: string[] = [];
		const first = webLocksTabLock(locks, () => log.push('work stopped'));
		await first.acquire('o', { steal: false, onLost: () => log.push('lost') });
		expect(log).toEqual([]);
		await webLocksTabLock(locks).acquire('o', { steal: true, onLost: () => undefined });
		await Promise.resolve();
		expect(log).toEqual(['lost', 'work stopped']);
	});

	it('works without Web Locks, as one tab', async () => {
		expect(
			await webLocksTabLock(undefined).acquire('o', { steal: false, onLost: () => undefined })
		).toBe(true);
	});
});
