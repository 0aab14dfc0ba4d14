import type { ProblemCode } from './problem-codes.ts';

/** Where an order stands, from the operator's creating it to its end. */
export const ORDER_STATUSES = [
	'awaiting_pickup',
	'request_received',
	'pending',
	'issued',
	'collected',
	'expired',
	'cancelled',
	'locked'
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

const KNOWN: ReadonlySet<string> = new Set(ORDER_STATUSES);

export function isOrderStatus(status: string): status is OrderStatus {
	return KNOWN.has(status);
}

/**
 * Why the applicant cannot act on an order in each status, or null while it can still be picked
 * up. The server refuses with this code and the app explains an order it reads with it.
 */
export const CLOSED_BECAUSE: Readonly<Record<OrderStatus, ProblemCode | null>> = {
	awaiting_pickup: null,
	request_received: null,
	pending: null,
	issued: null,
	collected: 'order_collected',
	expired: 'order_expired',
	cancelled: 'order_cancelled',
	locked: 'order_locked'
};
