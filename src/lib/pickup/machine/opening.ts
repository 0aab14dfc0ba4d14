import type { OrderSummary } from '../../api/types.ts';
import { CLOSED_BECAUSE, isOrderStatus } from '../../domain/order-statuses.ts';
import { SCHEMA_VERSION } from '../../store/records.ts';
import type { SavedPickup } from '../../store/schema.ts';
import { isOrderGone, isRetryable } from '../errors.ts';
import type { LinkReading, PickupLink } from '../link.ts';
import type { FlowError } from '../state.ts';
import { andThen, fail, forget, save, show, stay } from './moves.ts';
import { resume } from './resume.ts';
import type { Clock, Pickup, Step, SummaryAnswer } from './states.ts';

/** From the link to the step where the pickup stands: the tab, the stored record, the order. */

export function open(pickup: Pickup, reading: LinkReading, hasWebCrypto: boolean): Step {
	if (reading.kind !== 'link') {
		const code = reading.kind === 'none' ? 'link_missing' : 'link_malformed';
		return fail(pickup, { code, detail: `pickup link: ${reading.kind}` }, null);
	}
	if (!hasWebCrypto) {
		return fail(pickup, { code: 'crypto_unavailable', detail: 'crypto.subtle is missing' }, null);
	}
	return askWhileClaiming(pickup, reading.link);
}

/**
 * The order is asked for, and the crypto starts loading, while the tab claims the order (a Web
 * Lock: tens of milliseconds while the browser starts the page), not after: the answer waits as
 * one that comes before the stored pickup is read does. The stored pickup is read only once this
 * tab holds the order, when no other tab can be writing it.
 */
function askWhileClaiming(pickup: Pickup, link: PickupLink): Step {
	return stay(
		{ ...pickup, link, readingSaved: { summary: null } },
		{ type: 'preload-crypto' },
		{ type: 'read-summary', link },
		{ type: 'claim-tab', orderId: link.orderId, steal: false }
	);
}

/** One tab at a time works on an order; `steal` takes it from the other one. */
export function claimTab(pickup: Pickup, steal: boolean): Step {
	if (!pickup.link) return stay(pickup);
	return stay(pickup, { type: 'claim-tab', orderId: pickup.link.orderId, steal });
}

export function takeOver(pickup: Pickup): Step {
	return pickup.view.step === 'busy-elsewhere' ? claimTab(pickup, true) : stay(pickup);
}

export function busyElsewhere(pickup: Pickup, lost: boolean): Step {
	if (!pickup.link) return stay(pickup);
	const view = { step: 'busy-elsewhere', orderId: pickup.link.orderId, lost } as const;
	// An order asked for before another tab was found holding it is old news by the time this tab
	// takes over: its answer is dropped, and the order asked for again then.
	const waiting = { ...pickup, readingSaved: null };
	return lost || pickup.readingSaved
		? show(waiting, view, { type: 'abandon' })
		: show(waiting, view);
}

/**
 * The crypto chunk loads while the order is read: the applicant reads for seconds anyway. The
 * order is asked for while the store opens and reads the record, not after; when it was already
 * asked for while the tab was claimed, only the record is left to read.
 */
export function load(pickup: Pickup): Step {
	if (!pickup.link) return stay(pickup);
	if (pickup.readingSaved) {
		return show(pickup, { step: 'opening' }, { type: 'read-saved', orderId: pickup.link.orderId });
	}
	return show(
		{ ...pickup, readingSaved: { summary: null } },
		{ step: 'opening' },
		{ type: 'preload-crypto' },
		{ type: 'read-summary', link: pickup.link },
		{ type: 'read-saved', orderId: pickup.link.orderId }
	);
}

export function savedRead(
	pickup: Pickup,
	event: { saved: SavedPickup | undefined; unreadable?: string; storageFailed?: boolean },
	clock: Clock
): Step {
	const early = pickup.readingSaved?.summary ?? null;
	const read = { ...pickup, readingSaved: null };
	if (event.unreadable !== undefined) {
		return fail(read, { code: 'pickup_unreadable', detail: event.unreadable }, null);
	}
	if (!pickup.link) return stay(read);
	const storage = event.storageFailed ? 'unavailable' : pickup.storage;
	const found = event.saved ?? null;
	const next = { ...read, storage, found };
	return early ? answered(next, early, clock) : stay(next);
}

/**
 * The server's answer waits for the stored record while that is still being read; once the
 * pickup has left the opening (a record no version can read, another tab), it is of no use.
 */
export function summaryAnswered(pickup: Pickup, answer: SummaryAnswer, clock: Clock): Step {
	if (pickup.view.step !== 'opening') return stay(pickup);
	if (pickup.readingSaved) return stay({ ...pickup, readingSaved: { summary: answer } });
	return answered(pickup, answer, clock);
}

function answered(pickup: Pickup, answer: SummaryAnswer, clock: Clock): Step {
	return 'order' in answer
		? summaryRead(pickup, answer.order, clock)
		: summaryFailed(pickup, answer.error, clock);
}

function summaryRead(pickup: Pickup, order: OrderSummary, clock: Clock): Step {
	const { found, link } = pickup;
	if (!link) return stay(pickup);
	// A status this app does not know (from a newer server) is not one it can pick up from.
	const closedBecause = isOrderStatus(order.status)
		? CLOSED_BECAUSE[order.status]
		: 'order_not_collectable';
	if (closedBecause)
		return closed(pickup, { code: closedBecause, detail: order.status }, order, clock);
	const now = clock.now.toISOString();
	const saved: SavedPickup = found
		? { ...found, order, linkSecret: link.linkSecret }
		: {
				schemaVersion: SCHEMA_VERSION,
				orderId: link.orderId,
				linkSecret: link.linkSecret,
				order,
				step: 'review',
				createdAt: now,
				updatedAt: now
			};
	const stored = save({ ...pickup, saved, found: null }, {}, clock);
	const persistence = andThen(stored, (next) =>
		next.storage === 'unavailable' ? stay(next) : stay(next, { type: 'read-persistence' })
	);
	return andThen(persistence, (next) => resume(next, clock));
}

function summaryFailed(pickup: Pickup, error: FlowError, clock: Clock): Step {
	const { found, link } = pickup;
	// A pickup already under way can go on without the server (bad connections).
	if (found && found.linkSecret === link?.linkSecret && isRetryable(error)) {
		return resume({ ...pickup, saved: found, found: null }, clock);
	}
	return closed(pickup, error, found?.order ?? null, clock);
}

/**
 * The server will not hand this order over. Collected while this device still holds the chain
 * (collected from another device, or an acknowledgement whose answer was lost): the files are
 * rebuilt from it instead of a dead end. Expired, cancelled or collected otherwise: what is
 * stored here is of no use any more and is deleted, link secret and wrapped key included.
 */
function closed(pickup: Pickup, error: FlowError, order: OrderSummary | null, clock: Clock): Step {
	const { found } = pickup;
	const rest = { ...pickup, found: null };
	if (found?.chainPem && found.csrPem && error.code === 'order_collected') {
		return resume({ ...rest, saved: found, alreadyCollected: true }, clock);
	}
	const cleared = found && isOrderGone(error) ? forget(rest) : stay(rest);
	return andThen(cleared, (next) => fail(next, error, order));
}

/** After a failure that may pass (network, server trouble): take the pickup up where it stopped. */
export function retry(pickup: Pickup, clock: Clock): Step {
	if (pickup.view.step !== 'failed' || !pickup.view.retryable) return stay(pickup);
	return pickup.saved ? resume(pickup, clock) : claimTab(pickup, false);
}

/** After a stored pickup that cannot be resumed: forget it and open the link as if for the first time. */
export function startAfresh(pickup: Pickup): Step {
	if (pickup.view.step !== 'failed' || !pickup.view.restartable || !pickup.link) {
		return stay(pickup);
	}
	return andThen(forget(pickup), load);
}
