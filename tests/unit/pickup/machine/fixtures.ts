import type { OrderSummary } from '../../../../src/lib/api/types.ts';
import type { PickupEvent } from '../../../../src/lib/pickup/machine/events.ts';
import { transition } from '../../../../src/lib/pickup/machine/pickup.ts';
import {
	initialPickup,
	type Clock,
	type Pickup,
	type Step
} from '../../../../src/lib/pickup/machine/states.ts';
import type { FlowError, PickupState } from '../../../../src/lib/pickup/state.ts';
import { SCHEMA_VERSION } from '../../../../src/lib/store/records.ts';
import type { SavedPickup } from '../../../../src/lib/store/schema.ts';
import { orderSummary } from '../../components/fixtures.ts';

/** Pure transitions: a pickup and an event in, a pickup and effects out; no fakes, no waiting. */

export const CLOCK: Clock = { now: new Date('2026-11-26T12:00:00Z'), random: 0 };
export const NOW = CLOCK.now.toISOString();
export const LINK = { orderId: 'ord_test_1', linkSecret: 'q3Yx8mZ1vK0pL7sT2wR9aB' };
export const ORDER: OrderSummary = orderSummary({ pickupDeadline: '2026-12-20T00:00:00.000Z' });
/** Usable for half an hour after CLOCK. */
export const SESSION = { token: 'token', expiresAt: '2026-11-26T12:30:00.000Z' };
export const PASSWORD = 'Abcdefgh1234';
export const KEY = new Uint8Array([1, 2, 3]);
export const WRAPPED = new Uint8Array([4, 5, 6]);
export const CSR = '-----BEGIN CERTIFICATE REQUEST-----';
export const CHAIN = '-----BEGIN CERTIFICATE-----';

export const offline: FlowError = { code: 'network', detail: 'offline' };

export function record(changes: Partial<SavedPickup> = {}): SavedPickup {
	return {
		schemaVersion: SCHEMA_VERSION,
		orderId: LINK.orderId,
		linkSecret: LINK.linkSecret,
		order: ORDER,
		step: 'review',
		createdAt: '2026-11-26T11:00:00.000Z',
		updatedAt: '2026-11-26T11:00:00.000Z',
		...changes
	};
}

/** A pickup of LINK's order whose screen is `view`, with a stored record unless told otherwise. */
export function pickupAt(view: PickupState, changes: Partial<Pickup> = {}): Pickup {
	return {
		...initialPickup({ defaultTarget: 'linux', storageCapDays: null, hasStore: true }),
		link: LINK,
		saved: record(),
		view,
		...changes
	};
}

export function step(pickup: Pickup, event: PickupEvent, clock: Clock = CLOCK): Step {
	return transition(pickup, event, clock);
}

/** The same pickup and no effect: the event means nothing where the pickup stands. */
export function ignores(pickup: Pickup, event: PickupEvent): boolean {
	const next = step(pickup, event);
	return next.pickup === pickup && next.effects.length === 0;
}

export const working = (stage: 'key' | 'request' | 'waiting' | 'building') =>
	({ step: 'working', order: ORDER, stage, retryAfterSeconds: null, error: null }) as const;
