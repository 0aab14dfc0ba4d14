/**
 * Status rules shared by the applicant's API and the operator's commands: which statuses a
 * deadline can expire, and what each final or blocked status means to someone trying to act.
 */
import type { OrderStatus } from '../../src/lib/api/types.ts';
import type { Db } from '../db/database.ts';
import { Refusal } from '../problems.ts';
import { transition, type Order } from './store.ts';

/**
 * The deadline is for picking up: once a request with the applicant's key is in, the certificate
 * stays available (it is public) until collected, whatever the date.
 */
function isExpirable(order: Order): boolean {
	return (
		order.status === 'awaiting_pickup' ||
		(order.status === 'locked' && order.lockedFrom === 'awaiting_pickup')
	);
}

function isPastDeadline(order: Order, now: Date): boolean {
	return order.pickupDeadline <= now.toISOString();
}

/** Expires the order when its deadline has passed; returns the order as it now is. */
export function expireIfDue(
	db: Db,
	order: Order,
	now: Date,
	actor: 'system' | 'operator' = 'system'
): Order {
	if (!isExpirable(order) || !isPastDeadline(order, now)) return order;
	const moved = transition(
		db,
		order,
		'expired',
		{ actor, event: 'deadline_passed', detail: { deadline: order.pickupDeadline } },
		{ lockedFrom: null },
		now
	);
	return moved ? { ...order, status: 'expired', lockedFrom: null } : order;
}

const CLOSED: Partial<Record<OrderStatus, Refusal['code']>> = {
	expired: 'order_expired',
	cancelled: 'order_cancelled',
	collected: 'order_collected',
	locked: 'order_locked'
};

/** Refuses to act on an order that is closed or locked. */
export function assertOpen(order: Order, contact: string): void {
	const code = CLOSED[order.status];
	if (!code) return;
	if (code === 'order_locked') throw new Refusal(code, lockedDetail(contact), { attemptsLeft: 0 });
	throw new Refusal(code);
}

export function lockedDetail(contact: string): string {
	return `Too many wrong pickup passwords. Contact ${contact} to unlock the order.`;
}
