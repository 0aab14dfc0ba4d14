/**
 * GET /metrics: the Prometheus exposition, behind an operator API key with the read scope (request
 * counts and outbox depth are the CA's business, not the public's).
 */
import type { HttpBindings } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
import type { Context } from '../context.ts';
import { metricsText } from '../metrics.ts';

/** `readKey` is operatorAuth's check for the read scope, shared with the operator API's routes. */
export function metricsRoute(
	ctx: Context,
	readKey: MiddlewareHandler
): Hono<{ Bindings: HttpBindings }> {
	const route = new Hono<{ Bindings: HttpBindings }>();
	route.get(
		'/metrics',
		async (c, next) => {
			await next();
			// Refusals of the key included: nothing here is for a cache.
			c.res.headers.set('cache-control', 'no-store');
		},
		readKey,
		async (c) =>
			c.body(await metricsText(ctx, c.get('requestId')), 200, {
				'content-type': ctx.metrics.contentType
			})
	);
	return route;
}
