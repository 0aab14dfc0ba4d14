/**
 * Status rules shared by the applicant's pickup and the operator's actions: the one way to change
 * an order (`changeOrder`), which statuses a deadline can expire, and what each final or blocked
 * status means to someone trying to act.
 */
import { CLOSED_BECAUSE, type OrderStatus } from '../../src/lib/domain/order-statuses.ts';
import { Refusal } from '../problems.ts';
import type { Order, OrderStore, OrderTx } from '../store/types.ts';

/** Statuses after which nothing more can happen to an order. */
export const FINAL_STATUSES: ReadonlySet<OrderStatus> = new Set([
	'collected',
	'expired',
	'cancelled'
]);

/**
 * Runs `change` on the freshest copy of the order in a transaction that holds the order against
 * every other writer (another request, the CLI, another server instance), so the read-decide-write
 * cannot race. A Refusal still commits what was written before it (an audit entry, a lock), since
 * recording failed attempts is the point; any other error rolls back.
 */
export async function changeOrder<T>(
	store: OrderStore,
	orderId: string,
	change: (tx: OrderTx, order: Order) => Promise<T>
): Promise<T> {
	const outcome = await store.transaction(
		orderId,
		async (tx): Promise<{ value: T } | { refusal: Refusal }> => {
			const order = await tx.findOrder(orderId);
			if (!order) return { refusal: new Refusal('order_not_found') };
			try {
				return { value: await change(tx, order) };
			} catch (error) {
				if (error instanceof Refusal) return { refusal: error };
				throw error;
			}
		}
	);
	if ('refusal' in outcome) throw outcome.refusal;
	return outcome.value;
}

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

/** Expires the order when its deadline has passed; returns the order as it now is. */
export async function expireIfDue(
	tx: OrderTx,
	order: Order,
	now: Date,
	actor: 'system' | 'operator' = 'system'
): Promise<Order> {
	if (!isDue(order, now)) return order;
	return tx.transition(
		order,
		'expired',
		{ actor, event: 'deadline_passed', detail: { deadline: order.pickupDeadline } },
		{ lockedFrom: null },
		now
	);
}

/** Whether reading the order would expire it: then the read goes through `changeOrder`. */
export function isDue(order: Order, now: Date): boolean {
	return isExpirable(order) && order.pickupDeadline <= now.toISOString();
}

/** Refuses to act on an order that is closed or locked. */
export function assertOpen(order: Order, contact: string): void {
	const code = CLOSED_BECAUSE[order.status];
	if (!code) return;
	if (code === 'order_locked') throw new Refusal(code, lockedDetail(contact), { attemptsLeft: 0 });
	throw new Refusal(code);
}

export function lockedDetail(contact: string): string {
	return `Too many wrong pickup passwords. Contact ${contact} to unlock the order.`;
}
