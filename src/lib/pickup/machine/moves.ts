import { retryDelaySeconds } from '../../api/retry.ts';
import type { OrderSummary } from '../../api/types.ts';
import type { SavedPickup } from '../../store/schema.ts';
import { isOrderGone } from '../errors.ts';
import type { FlowError, PickupState } from '../state.ts';
import type { Effect } from './effects.ts';
import type { Clock, Pickup, Step } from './states.ts';
import { failedView, shownOrder } from './views.ts';

/** The building blocks of every transition. */

// A session this close to its end would expire during the next request.
const SESSION_MARGIN_MS = 60_000;

export function stay(pickup: Pickup, ...effects: Effect[]): Step {
	return { pickup, effects };
}

export function show(pickup: Pickup, view: PickupState, ...effects: Effect[]): Step {
	return { pickup: { ...pickup, view }, effects };
}

/** Runs `next` on the pickup `first` left, its effects after those of `first`. */
export function andThen(first: Step, next: (pickup: Pickup) => Step): Step {
	const second = next(first.pickup);
	return { pickup: second.pickup, effects: [...first.effects, ...second.effects] };
}

/** Changes the stored record, and writes it unless storage is unavailable. */
export function save(pickup: Pickup, changes: Partial<SavedPickup>, clock: Clock): Step {
	if (!pickup.saved) return stay(pickup);
	const saved = { ...pickup.saved, ...changes, updatedAt: clock.now.toISOString() };
	const next = { ...pickup, saved };
	return pickup.storage === 'unavailable'
		? stay(next)
		: stay(next, { type: 'save', record: saved });
}

/** Moves to a step the applicant completes by hand, saving it as the resume point. */
export function advance(
	pickup: Pickup,
	step: SavedPickup['step'],
	view: PickupState,
	clock: Clock
): Step {
	return save({ ...pickup, view }, { step }, clock);
}

/** Drops what this device holds for the order: the stored record and what is in memory. */
export function forget(pickup: Pickup): Step {
	const released = releasePrepared(pickup);
	const forgotten = {
		...released.pickup,
		saved: null,
		password: null,
		target: null,
		privateKeyPkcs8: null,
		delivered: null
	};
	const orderId = pickup.link?.orderId;
	const effects = orderId ? [{ type: 'forget', orderId } as const] : [];
	return stay(forgotten, ...released.effects, ...effects);
}

/** The keys derived ahead are spent, or their password is no more: the worker forgets them. */
export function releasePrepared(pickup: Pickup): Step {
	const handle = pickup.prepared;
	if (!handle) return stay(pickup);
	return stay({ ...pickup, prepared: null }, { type: 'release-derivations', handle });
}

export function fail(pickup: Pickup, error: FlowError, order: OrderSummary | null): Step {
	return show(pickup, failedView(error, order));
}

/** Work failed: what is stored is kept, unless the order is closed for good and it is of no use. */
export function workFailed(pickup: Pickup, error: FlowError): Step {
	const order = shownOrder(pickup.view) ?? pickup.saved?.order ?? null;
	const cleared = isOrderGone(error) ? forget(pickup) : stay(pickup);
	return andThen(cleared, (next) => fail(next, error, order));
}

/** The stored session's token while it is usable for one more request. */
export function usableSession(pickup: Pickup, clock: Clock): string | null {
	const session = pickup.saved?.session;
	if (!session) return null;
	const usable = Date.parse(session.expiresAt) - SESSION_MARGIN_MS > clock.now.getTime();
	return usable ? session.token : null;
}

export function retryDelay(failures: number, serverDelaySeconds: number | undefined, clock: Clock) {
	return retryDelaySeconds({ failures, serverDelaySeconds, random: clock.random });
}
