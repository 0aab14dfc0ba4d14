import type { PickupApi } from '../api/client.ts';
import type { SavedPickup } from '../store/schema.ts';

/** What the flow needs from its surroundings; the app wires the real ones, tests hand in fakes. */
export type PickupApiPort = Pick<
	PickupApi,
	'summary' | 'openSession' | 'requestCertificate' | 'fetchCertificate' | 'acknowledgeCollected'
>;

export interface PickupStorePort {
	get(orderId: string): Promise<SavedPickup | undefined>;
	put(pickup: SavedPickup): Promise<void>;
	delete(orderId: string): Promise<void>;
}

/** One tab at a time works on an order; another may take the pickup over, and the first is told. */
export interface TabLock {
	acquire(orderId: string, options: { steal: boolean; onLost: () => void }): Promise<boolean>;
}
