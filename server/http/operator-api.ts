/**
 * The operator API, version 1 (docs/api.md, "Operator API"): the CA's order system creates, reads
 * and acts on orders with an API key. Each route checks the HTTP side and calls the operator
 * module, as the CLI does; every POST takes an Idempotency-Key.
 */
import type { HttpBindings } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
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
import type { ApiKeyScope, OrderTx } from '../store/types.ts';
import { readJsonValue, type NodeContext } from './body.ts';
import { idempotent, ReplayedRefusal, type Answer, type Settle } from './idempotency.ts';
import {
	deliveryOf,
	integer,
	localeOf,
	objectBody,
	orderInputFrom,
	text
} from './operator-input.ts';
import { cursorFrom, orderIdOf, page, statusOf } from './order-listing.ts';

const LIST_DEFAULT = 50;
const LIST_MAX = 200;

export function operatorRoutes(
	ctx: Context,
	auth: (scope: ApiKeyScope) => MiddlewareHandler
): Hono<{ Bindings: HttpBindings }> {
	const api = new Hono<{ Bindings: HttpBindings }>();
	const limit = ctx.config.bodyLimitBytes;

	const deps = (c: NodeContext): OperatorDeps => ({
		store: ctx.store,
		config: ctx.config,
		now: ctx.now(),
		operatorName: c.get('operatorKey').name,
		via: 'api'
	});

	/** Runs a POST once per Idempotency-Key and answers what it answered. */
	const post =
		(handle: (c: NodeContext, body: unknown, settle: Settle) => Promise<Answer>) =>
		async (c: NodeContext) => {
			const body = await readJsonValue(c, limit);
			const { answer, replayed } = await idempotent(
				ctx,
				c.get('operatorKey'),
				c.req.header('idempotency-key'),
				{ method: c.req.method, path: c.req.path, body },
				(settle) => handle(c, body, settle)
			).catch((error: unknown) => {
				// The app's error handler answers the refusal and keeps the headers already on c.res.
				if (error instanceof ReplayedRefusal) c.res.headers.set('idempotent-replayed', 'true');
				throw error;
			});
			return c.json(answer.body as object, answer.status as 200, {
				...(replayed ? { 'idempotent-replayed': 'true' } : {})
			});
		};

	api.post(
		'/orders',
		auth('write'),
		post(async (c, body, settle) => {
			const input = orderInputFrom(body);
			const creation = answeredCreation(settle);
			await createOrder({ ...deps(c), alongCreation: creation.along }, input);
			return creation.answer();
		})
	);

	api.get('/orders', auth('read'), async (c) => {
		const status = statusOf(c);
		const limitText = c.req.query('limit');
		const count = limitText === undefined ? LIST_DEFAULT : Number(limitText);
		if (!/^\d{1,3}$/.test(limitText ?? '1') || count < 1 || count > LIST_MAX)
			throw new Refusal('body_invalid', `"limit" must be 1 to ${LIST_MAX}.`, { field: 'limit' });
		const orders = await ctx.store.listOrders({
			status,
			email: c.req.query('email') || undefined,
			before: cursorFrom(c.req.query('cursor')),
			limit: count + 1
		});
		const listed = page(orders, count);
		return c.json({ orders: listed.page.map(orderOverview), nextCursor: listed.nextCursor });
	});

	api.get('/orders/:orderId', auth('read'), async (c) => {
		const order = await ctx.store.findOrder(orderIdOf(c));
		if (!order) throw new Refusal('order_not_found');
		return c.json({ order: await orderDetails(ctx.store, order) });
	});

	api.post(
		'/orders/:orderId/cancel',
		auth('write'),
		post(async (c, body) => {
			const reason = text(objectBody(body, new Set(['reason'])), 'reason', 256);
			const order = await cancelOrder(deps(c), orderIdOf(c), reason ?? 'cancelled by operator');
			return { status: 200, body: { order: await orderDetails(ctx.store, order) } };
		})
	);

	api.post(
		'/orders/:orderId/unlock',
		auth('write'),
		post(async (c, body) => {
			const reason = text(objectBody(body, new Set(['reason'])), 'reason', 256);
			const order = await unlockOrder(deps(c), orderIdOf(c), reason);
			return { status: 200, body: { order: await orderDetails(ctx.store, order) } };
		})
	);

	api.post(
		'/orders/:orderId/reissue',
		auth('write'),
		post(async (c, body, settle) => {
			const record = objectBody(
				body,
				new Set(['pickupPassword', 'deadlineDays', 'validityMonths', 'locale', 'delivery'])
			);
			const creation = answeredCreation(settle);
			await reissueOrder({ ...deps(c), alongCreation: creation.along }, orderIdOf(c), {
				pickupPassword: text(record, 'pickupPassword', 1024),
				deadlineDays: integer(record, 'deadlineDays'),
				validityMonths: integer(record, 'validityMonths'),
				locale: localeOf(record),
				delivery: deliveryOf(record)
			});
			return creation.answer();
		})
	);

	api.post(
		'/orders/:orderId/resend',
		auth('write'),
		post(async (c, body) => {
			objectBody(body, new Set());
			const { order, link } = await resendOrder(deps(c), orderIdOf(c));
			return {
				status: 200,
				body: {
					order: await orderDetails(ctx.store, order),
					...(order.delivery === 'link' ? { link } : {})
				}
			};
		})
	);

	return api;
}

/**
 * A new order's answer, made and kept for its Idempotency-Key in the transaction that creates the
 * order: a crash can leave neither an order without its answer nor an answer without its order.
 */
function answeredCreation(settle: Settle): {
	along: (tx: OrderTx, created: CreatedOrder) => Promise<void>;
	answer: () => Answer;
} {
	let answer: Answer | undefined;
	return {
		along: async (tx, created) => {
			answer = { status: 201, body: await createdBody(tx, created) };
			await settle(tx, answer);
		},
		answer: () => {
			if (!answer) throw new Error('the order was created without an answer');
			return answer;
		}
	};
}

/** The new order; the pickup password when it was generated, the link when the CA sends it. */
async function createdBody(tx: OrderTx, created: CreatedOrder): Promise<Record<string, unknown>> {
	return {
		order: await orderDetails(tx, created.order),
		...(created.pickupPasswordGenerated ? { pickupPassword: created.pickupPassword } : {}),
		...(created.order.delivery === 'link' ? { link: created.link } : {})
	};
}
