/** The flow's ports over browser APIs (sessionStorage, Web Locks). */
import type { SessionKeeper, TabLock } from './ports';

const SESSION_PREFIX = 'cert-pickup:session:';
// A session this close to its end would expire during the next request.
const EXPIRY_MARGIN_MS = 60_000;

export function sessionStorageKeeper(
	storage: Storage,
	now: () => number = Date.now
): SessionKeeper {
	return {
		get(orderId) {
			try {
				const saved = JSON.parse(storage.getItem(SESSION_PREFIX + orderId) ?? 'null') as {
					token?: unknown;
					expiresAt?: unknown;
				} | null;
				if (typeof saved?.token !== 'string' || typeof saved.expiresAt !== 'string') return null;
				return Date.parse(saved.expiresAt) - EXPIRY_MARGIN_MS > now() ? saved.token : null;
			} catch {
				return null;
			}
		},
		set(orderId, token, expiresAt) {
			try {
				storage.setItem(SESSION_PREFIX + orderId, JSON.stringify({ token, expiresAt }));
			} catch {
				// Without sessionStorage a reload asks for the pickup password again; nothing else is lost.
			}
		},
		clear(orderId) {
			storage.removeItem(SESSION_PREFIX + orderId);
		}
	};
}

/**
 * Web Locks: held for as long as this tab works on the order. Another tab that steals the lock
 * takes the pickup over; this one is told through onLost and stops writing.
 */
export function webLocksTabLock(locks: LockManager | undefined): TabLock {
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
					.catch(() => onLost());
			});
		},
		release() {
			release?.();
			release = null;
		}
	};
}
