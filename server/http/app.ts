/**
 * The HTTP server's request handling: the API under /api/v1 with CORS and problem+json errors, the
 * probes and metrics (/healthz, /readyz, /metrics), and the built app for everything else; every
 * response carries the security headers, every request gets a log line.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { routePath } from 'hono/route';
import type { Context } from '../context.ts';
import type { Caller } from '../orders/pickup.ts';
import { isStorageFailure } from '../store/storage-failure.ts';
import { problemFor, Refusal } from '../problems.ts';
import { apiRoutes } from './api.ts';
import type { NodeContext } from './body.ts';
import { compressed } from './compression.ts';
import { consoleRoutes } from './console-api.ts';
import { CONSOLE_PATH } from './console-auth.ts';
import { healthRoutes } from './health.ts';
import { metricsRoute } from './metrics-endpoint.ts';
import { operatorRoutes } from './operator-api.ts';
import { operatorAuth } from './operator-auth.ts';
import { requestLog } from './request-log.ts';
import { securityHeaders } from './security-headers.ts';
import { staticFile } from './static-site.ts';

// Long enough for an operator to free disk space or a lock holder to finish.
const STORAGE_RETRY_SECONDS = 60;

export function createApp(ctx: Context): Hono<{ Bindings: HttpBindings }> {
	const app = new Hono<{ Bindings: HttpBindings }>();
	const { corsOrigins } = ctx.config;
	const headers = securityHeaders(ctx.config);

	app.use(
		'*',
		requestLog(ctx, (c) => callerOf(c, ctx.config.trustProxy).address)
	);
	app.use('*', async (c, next) => {
		await next();
		for (const [name, value] of Object.entries(headers))
			if (!c.res.headers.has(name)) c.res.headers.set(name, value);
	});
	app.use('/api/*', async (c, next) => {
		const started = performance.now();
		await next();
		// The server's share of a round trip (Resource Timing's serverTiming): where a pickup's time goes.
		c.res.headers.set('server-timing', `app;dur=${(performance.now() - started).toFixed(1)}`);
		c.res.headers.set('cache-control', 'no-store');
		// A CDN-hosted app reads our responses from another origin; CORP must not block that.
		if (corsOrigins.length > 0) c.res.headers.set('cross-origin-resource-policy', 'cross-origin');
	});
	if (corsOrigins.length > 0) {
		app.use(
			'/api/*',
			cors({
				origin: corsOrigins,
				allowMethods: ['GET', 'POST'],
				allowHeaders: ['content-type', 'authorization'],
				exposeHeaders: ['retry-after'],
				maxAge: 600
			})
		);
	}
	// One instance for every operator route, so wrong keys count against one limit per address.
	const operatorKey = operatorAuth(ctx, (c) => callerOf(c, ctx.config.trustProxy));
	app.route('/api/v1/operator', operatorRoutes(ctx, operatorKey));
	app.route(
		CONSOLE_PATH,
		consoleRoutes(ctx, (c) => callerOf(c, ctx.config.trustProxy))
	);
	app.route(
		'/api/v1',
		apiRoutes(ctx, (c) => callerOf(c, ctx.config.trustProxy))
	);
	app.all('/api/*', () => {
		throw new Refusal('not_found');
	});

	app.route('/', healthRoutes(ctx));
	app.route('/', metricsRoute(ctx, operatorKey('read')));

	app.on(['GET', 'HEAD'], '*', async (c) => {
		const found = await staticFile(ctx.config, c.req.path);
		if (!found) return problem(new Refusal('not_found'));
		const file = await compressed(found, c.req.header('accept-encoding') ?? '');
		if (c.req.method === 'HEAD') return c.body(null, 200, file.headers);
		return c.body(file.body as Uint8Array<ArrayBuffer>, 200, file.headers);
	});
	app.all('*', () => problem(new Refusal('not_found')));

	app.onError((error, c) => {
		const requestId = c.get('requestId');
		if (error instanceof Refusal) {
			if (routePath(c).startsWith('/api/v1/orders/')) ctx.metrics.refused(error.code);
			return problem(error);
		}
		if (isStorageFailure(error)) {
			ctx.log.error(
				{ requestId, code: error.code },
				`storage failure, answered 503: ${error.message}`
			);
			return problem(
				new Refusal('service_unavailable', undefined, {
					retryAfterSeconds: STORAGE_RETRY_SECONDS
				})
			);
		}
		ctx.log.error({ requestId, err: error }, 'unexpected error, answered 500');
		return problem(new Refusal('internal'));
	});
	return app;
}

function problem(refusal: Refusal): Response {
	const body = problemFor(refusal.code, refusal.message, refusal.extras);
	const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
	if (refusal.extras.retryAfterSeconds !== undefined)
		headers['retry-after'] = String(refusal.extras.retryAfterSeconds);
	const challenge = CHALLENGES[refusal.code];
	// RFC 9110 section 11.6.1: a 401 names the scheme that would be accepted.
	if (challenge) headers['www-authenticate'] = challenge;
	return new Response(JSON.stringify(body), { status: body.status, headers });
}

/** The 401s whose credential is an Authorization header (the others are in the body). */
const CHALLENGES: Partial<Record<Refusal['code'], string>> = {
	unauthorized: 'Bearer realm="operator API"',
	session_invalid: 'Bearer realm="pickup"'
};

/**
 * The client's address for rate limits and the audit log. Behind a trusted reverse proxy it is the
 * last X-Forwarded-For entry: the one that proxy added, which a client cannot forge.
 */
function callerOf(c: NodeContext, trustProxy: boolean): Caller {
	if (trustProxy) {
		const forwarded = c.req.header('x-forwarded-for')?.split(',').pop()?.trim();
		if (forwarded) return { address: forwarded.slice(0, 64) };
	}
	return { address: getConnInfo(c).remote.address ?? 'unknown' };
}
