/**
 * What the operator API and the console share about finding orders over HTTP: the order id in a
 * path, the status filter, and the opaque cursor that continues a newest-first listing.
 */
import {
	isOrderStatus,
	ORDER_STATUSES,
	type OrderStatus
} from '../../src/lib/domain/order-statuses.ts';
import { Refusal } from '../problems.ts';
import type { Order } from '../store/types.ts';
import type { NodeContext } from './body.ts';

const ORDER_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function orderIdOf(c: NodeContext): string {
	const id = c.req.param('orderId') ?? '';
	if (!ORDER_ID.test(id)) throw new Refusal('order_not_found');
	return id;
}

export function statusOf(c: NodeContext): OrderStatus | undefined {
	const status = c.req.query('status');
	if (status !== undefined && !isOrderStatus(status))
		throw new Refusal('body_invalid', `"status" must be one of ${ORDER_STATUSES.join(', ')}.`, {
			field: 'status'
		});
	return status;
}

export function cursorOf(order: Order): string {
	return Buffer.from(JSON.stringify([order.createdAt, order.id])).toString('base64url');
}

export function cursorFrom(
	cursor: string | undefined
): { createdAt: string; id: string } | undefined {
	if (cursor === undefined) return undefined;
	try {
		const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [
			unknown,
			unknown
		];
		if (typeof createdAt === 'string' && typeof id === 'string') return { createdAt, id };
	} catch {
		// Falls through to the refusal: a cursor is only what a listing gave.
	}
	throw new Refusal('body_invalid', '"cursor" is not one this API gave.', { field: 'cursor' });
}

/** One page of `count` from a listing asked for `count + 1`, and the cursor to the next. */
export function page(orders: Order[], count: number): { page: Order[]; nextCursor: string | null } {
	const shown = orders.slice(0, count);
	const last = shown.at(-1);
	return { page: shown, nextCursor: orders.length > count && last ? cursorOf(last) : null };
}
