/**
 * Probes for a load balancer or orchestrator, outside /api and without credentials. /healthz: the
 * process answers (it touches nothing, so a slow database cannot get a live process restarted).
 * /readyz: this instance can serve pickups, i.e. the store answers a query and the issuer can sign;
 * 503 with the reason of each failed check takes it out of rotation until it recovers.
 */
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import type { Context } from '../context.ts';

// Below the usual load-balancer probe timeout, so a hung database reads as "not ready", not as
// a probe that never answers.
const CHECK_TIMEOUT_MS = 3000;
const REASON_MAX = 200;
const NO_STORE = { 'cache-control': 'no-store' };

export function healthRoutes(
	ctx: Pick<Context, 'store' | 'issuer' | 'log'>,
	checkTimeoutMs = CHECK_TIMEOUT_MS
): Hono<{ Bindings: HttpBindings }> {
	const routes = new Hono<{ Bindings: HttpBindings }>();
	routes.get('/healthz', (c) => c.json({ status: 'ok' }, 200, NO_STORE));
	routes.get('/readyz', async (c) => {
		const [store, issuer] = await Promise.all([
			outcome(() => ctx.store.ping(), checkTimeoutMs),
			outcome(() => ctx.issuer.ready(), checkTimeoutMs)
		]);
		const checks = { store, issuer };
		if (store === 'ok' && issuer === 'ok') return c.json({ status: 'ok', checks }, 200, NO_STORE);
		ctx.log.warn({ requestId: c.get('requestId'), checks }, 'not ready');
		return c.json({ status: 'unavailable', checks }, 503, NO_STORE);
	});
	return routes;
}

/** 'ok', or why not: the check's error, or that it did not answer in time. */
async function outcome(check: () => Promise<void>, timeoutMs: number): Promise<string> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
	});
	try {
		await Promise.race([check(), timeout]);
		return 'ok';
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		return reason.replace(/\s+/g, ' ').slice(0, REASON_MAX) || 'failed';
	} finally {
		clearTimeout(timer);
	}
}
