/**
 * The console's orders: office staff find, read, create and resend; admins also unlock, cancel and
 * reissue. Each route calls the operator module, as the CLI and the operator API do. The pickup
 * link is always in the answer that makes one, because the console prints the pickup sheet; the
 * pickup password only when it was generated.
 */
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import type { Context } from '../context.ts';
import {
	cancelOrder,
	createOrder,
	reissueOrder,
	resendOrder,
	unlockOrder,
	type CreatedOrder,
	type OperatorDeps
} from '../orders/operator.ts';
import { orderDetails, orderOverview } from '../orders/operator-view.ts';
import { Refusal } from '../problems.ts';
import { readJsonValue, type NodeContext } from './body.ts';
import { consoleSession } from './console-auth.ts';
import {
	deliveryOf,
	integer,
	localeOf,
	objectBody,
	orderInputFrom,
	text
} from './operator-input.ts';
import { cursorFrom, orderIdOf, page, statusOf } from './order-listing.ts';

const PAGE = 50;
const SEARCH_MAX = 256;
const REASON_MAX = 256;

export function consoleOrderRoutes(ctx: Context): Hono<{ Bindings: HttpBindings }> {
	const api = new Hono<{ Bindings: HttpBindings }>();
	const office = consoleSession(ctx);
	const admin = consoleSession(ctx, 'admin');

	const deps = (c: NodeContext): OperatorDeps => ({
		store: ctx.store,
		config: ctx.config,
		now: ctx.now(),
		operatorName: c.get('consoleSession').person.name,
		via: 'console'
	});
	const body = async (c: NodeContext, fields: string[]) =>
		objectBody(await readJsonValue(c, ctx.config.bodyLimitBytes), new Set(fields));
	const details = async (orderId: string) => {
		const order = await ctx.store.findOrder(orderId);
		if (!order) throw new Refusal('order_not_found');
		return orderDetails(ctx.store, order);
	};
	const created = async (made: CreatedOrder) => ({
		order: await orderDetails(ctx.store, made.order),
		link: made.link,
		...(made.pickupPasswordGenerated ? { pickupPassword: made.pickupPassword } : {})
	});

	api.get('/orders', office, async (c) => {
		const search = c.req.query('q')?.trim() || undefined;
		if (search !== undefined && search.length > SEARCH_MAX)
			throw new Refusal('body_invalid', `"q" is longer than ${SEARCH_MAX} characters.`, {
				field: 'q'
			});
		const orders = await ctx.store.listOrders({
			status: statusOf(c),
			search,
			before: cursorFrom(c.req.query('cursor')),
			limit: PAGE + 1
		});
		const listed = page(orders, PAGE);
		return c.json({ orders: listed.page.map(orderOverview), nextCursor: listed.nextCursor });
	});

	api.get('/orders/:orderId', office, async (c) => c.json(await details(orderIdOf(c))));

	api.post('/orders', office, async (c) => {
		const input = orderInputFrom(await readJsonValue(c, ctx.config.bodyLimitBytes));
		return c.json(await created(await createOrder(deps(c), input)), 201);
	});

	api.post('/orders/:orderId/resend', office, async (c) => {
		const delivery = deliveryOf(await body(c, ['delivery']));
		const { order, link } = await resendOrder(deps(c), orderIdOf(c), { delivery });
		return c.json({ order: await orderDetails(ctx.store, order), link });
	});

	api.post('/orders/:orderId/unlock', admin, async (c) => {
		const reason = text(await body(c, ['reason']), 'reason', REASON_MAX);
		if (reason === undefined)
			throw new Refusal('body_invalid', 'Say why the order is unlocked: "reason" is required.', {
				field: 'reason'
			});
		const order = await unlockOrder(deps(c), orderIdOf(c), reason);
		return c.json({ order: await orderDetails(ctx.store, order) });
	});

	api.post('/orders/:orderId/cancel', admin, async (c) => {
		const reason = text(await body(c, ['reason']), 'reason', REASON_MAX);
		const order = await cancelOrder(deps(c), orderIdOf(c), reason ?? 'cancelled by operator');
		return c.json({ order: await orderDetails(ctx.store, order) });
	});

	api.post('/orders/:orderId/reissue', admin, async (c) => {
		const record = await body(c, [
			'pickupPassword',
			'deadlineDays',
			'validityMonths',
			'locale',
			'delivery'
		]);
		const made = await reissueOrder(deps(c), orderIdOf(c), {
			pickupPassword: text(record, 'pickupPassword', 1024),
			deadlineDays: integer(record, 'deadlineDays'),
			validityMonths: integer(record, 'validityMonths'),
			locale: localeOf(record),
			delivery: deliveryOf(record)
		});
		return c.json(await created(made), 201);
	});

	return api;
}
