/**
 * One JSON log line and one metric observation per request. The line carries what an operator
 * needs to follow a request and nothing an attacker could use: the route's pattern, the path
 * without its query string, no body and no header but the User-Agent (the Authorization header
 * holds session tokens, link secrets and operator keys). Link secrets travel in the URL fragment,
 * which never reaches the server; a query string is dropped anyway, in case a client put one there.
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Context } from '../context.ts';
import type { NodeContext } from './body.ts';

declare module 'hono' {
	interface ContextVariableMap {
		/** The request's id, in its log line, the response's X-Request-Id and any error logged. */
		requestId: string;
	}
}

// A proxy's or load balancer's id is kept so one request can be followed through both logs;
// anything else (too long, odd characters that could forge log content) gets an id of our own.
const INCOMING_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const USER_AGENT_MAX = 256;

export function requestLog(
	ctx: Pick<Context, 'log' | 'metrics'>,
	addressOf: (c: NodeContext) => string
): MiddlewareHandler {
	return async (c, next) => {
		const started = performance.now();
		const incoming = c.req.header('x-request-id');
		const requestId = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
		c.set('requestId', requestId);
		await next();
		c.res.headers.set('x-request-id', requestId);
		const seconds = (performance.now() - started) / 1000;
		const route = routeLabel(routePath(c));
		const status = c.res.status;
		ctx.metrics.request(route, c.req.method, status, seconds);
		const line = {
			requestId,
			method: c.req.method,
			route,
			path: c.req.path + (new URL(c.req.url).search ? '?[redacted]' : ''),
			status,
			durationMs: Math.round(seconds * 10_000) / 10,
			address: addressOf(c as NodeContext),
			userAgent: c.req.header('user-agent')?.slice(0, USER_AGENT_MAX)
		};
		if (status >= 500) ctx.log.error(line, 'request');
		else ctx.log.info(line, 'request');
	};
}

/** The app's files and page fallback are served by the catch-all route: one label for all. */
function routeLabel(pattern: string): string {
	return pattern === '*' || pattern === '/*' || pattern === '' ? 'static' : pattern;
}
