/**
 * The operator API's door: `Authorization: Bearer cpk_...` with a live key whose scope covers the
 * route. 401 without a key or with a wrong one, 403 for a scope the key lacks. Wrong keys are
 * counted per client address: past the limit, that address gets 429 whatever it sends, so keys
 * cannot be guessed at speed. The applicant's session tokens are not keys and open nothing here.
 */
import type { MiddlewareHandler } from 'hono';
import { allows, verifyApiKey } from '../access/api-keys.ts';
import type { Context } from '../context.ts';
import type { Caller } from '../orders/pickup.ts';
import { Refusal } from '../problems.ts';
import type { ApiKey, ApiKeyScope } from '../store/types.ts';
import type { NodeContext } from './body.ts';
import { RateLimiter } from './rate-limit.ts';

declare module 'hono' {
	interface ContextVariableMap {
		operatorKey: ApiKey;
	}
}

const BEARER = /^Bearer ([!-~]{1,256})$/;
/** `key list` tells when a key was last used to the minute; a write per request would be waste. */
const USE_RESOLUTION_MS = 60_000;

export function operatorAuth(
	ctx: Context,
	callerOf: (c: NodeContext) => Caller,
	failures: RateLimiter = new RateLimiter(ctx.config.operatorAuthFailuresPerMinute)
): (scope: ApiKeyScope) => MiddlewareHandler {
	return (scope) => async (c, next) => {
		const { address } = callerOf(c as NodeContext);
		const wait = failures.wait(address);
		if (wait > 0)
			throw new Refusal('rate_limited', `Too many wrong API keys: try again in ${wait} seconds.`, {
				retryAfterSeconds: wait
			});
		const presented = BEARER.exec(c.req.header('authorization') ?? '')?.[1];
		const key = presented ? await verifyApiKey(ctx.store, presented) : undefined;
		if (!key) {
			failures.take(address);
			throw new Refusal(
				'unauthorized',
				presented ? 'The API key is not valid or was revoked.' : undefined
			);
		}
		if (!allows(key, scope))
			throw new Refusal(
				'forbidden',
				`The key "${key.name}" has the ${key.scope} scope; this needs ${scope}.`
			);
		await noteUse(ctx, key);
		c.set('operatorKey', key);
		await next();
	};
}

async function noteUse(ctx: Context, key: ApiKey): Promise<void> {
	const now = ctx.now();
	if (key.lastUsedAt !== null && now.getTime() - Date.parse(key.lastUsedAt) < USE_RESOLUTION_MS)
		return;
	await ctx.store.transaction(null, (tx) => tx.touchApiKey(key.id, now));
}
