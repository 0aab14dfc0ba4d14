/** The flow's ports over browser APIs (online events, Web Locks). */
import type { TabLock } from './ports.ts';

/** The next `online` event of the window: the moment to retry what waited for the network. */
export function nextOnline(target: Pick<Window, 'addEventListener'>): Promise<void> {
	return new Promise((resolve) =>
		target.addEventListener('online', () => resolve(), { once: true })
	);
}

/**
 * Web Locks: held for as long as this tab works on the order. Another tab that steals the lock
 * takes the pickup over; this one is told through onLost and stops writing, and `stopWork` ends
 * what still runs for the order here (the crypto worker).
 */
export function webLocksTabLock(
	locks: LockManager | undefined,
	stopWork: () => void = () => undefined
): TabLock {
	let release: (() => void) | null = null;
	return {
		async acquire(orderId, { steal, onLost }) {
			if (!locks) return true;
			release?.();
			return new Promise<boolean>((resolve) => {
				const held = new Promise<void>((done) => (release = done));
				locks
					.request(
						`cert-pickup:order:${orderId}`,
						steal ? { steal: true } : { ifAvailable: true },
						async (lock) => {
							resolve(lock !== null);
							if (lock) await held;
						}
					)
					.catch(() => {
						onLost();
						stopWork();
					});
			});
		}
	};
}
