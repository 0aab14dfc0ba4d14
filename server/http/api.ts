/**
 * The pickup API, version 1 (docs/api.md, docs/openapi.yaml): parses and checks the HTTP side of
 * each operation and leaves the decisions to orders/pickup.ts.
 */
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import type {
	CertificateRequestBody,
	IssuanceResult,
	SessionRequest
} from '../../src/lib/api/types.ts';
import type { Context } from '../context.ts';
import {
	acknowledgeCollected,
	orderByLink,
	currentCertificate,
	openSession,
	orderBySession,
	orderSummary,
	requestCertificate,
	type Caller
} from '../orders/pickup.ts';
import { Refusal } from '../problems.ts';
import { readJson, type NodeContext } from './body.ts';
import { RateLimiter } from './rate-limit.ts';

const ORDER_ID = /^[A-Za-z0-9_-]{1,64}$/;
const SECRET_MAX = 256;
const PASSWORD_MAX = 1024;
const CSR_MAX = 64 * 1024;
const VERSION_MAX = 128;

export function apiRoutes(
	ctx: Context,
	callerOf: (c: NodeContext) => Caller
): Hono<{ Bindings: HttpBindings }> {
	const api = new Hono<{ Bindings: HttpBindings }>();
	const byAddress = new RateLimiter(ctx.config.rateLimit.perAddressPerMinute);
	const byOrder = new RateLimiter(ctx.config.rateLimit.perOrderPerMinute);

	/**
	 * Both limits apply to every order operation; the address limit also stops scanning many orders.
	 * The order limit counts per order and address: order ids are visible in `?order=` URLs, and
	 * strangers must not be able to use up the applicant's allowance.
	 */
	function admit(c: NodeContext): { orderId: string; caller: Caller } {
		const caller = callerOf(c);
		const orderId = c.req.param('orderId') ?? '';
		if (!ORDER_ID.test(orderId)) throw new Refusal('order_not_found');
		const wait = Math.max(
			byAddress.take(caller.address),
			byOrder.take(`${orderId} ${caller.address}`)
		);
		if (wait > 0)
			throw new Refusal('rate_limited', `Try again in ${wait} seconds.`, {
				retryAfterSeconds: wait
			});
		return { orderId, caller };
	}

	/**
	 * `Bearer {session}` from the pickup password; where `linkAllowed`, also `Link {linkSecret}`:
	 * reading the issued (public) certificate after the short session ended, e.g. when the app was
	 * closed while the CA issued (docs/api.md, "Credentials"). Spending the link (collected) always
	 * takes the session, so the link alone cannot end a pickup before the applicant has a file.
	 */
	async function sessionOrder(c: NodeContext, linkAllowed = false) {
		const { orderId, caller } = admit(c);
		const [, scheme, credential] =
			/^(Bearer|Link) ([A-Za-z0-9_-]{1,256})$/.exec(c.req.header('authorization') ?? '') ?? [];
		const order =
			scheme === 'Link' && linkAllowed && credential
				? await orderByLink(ctx, orderId, credential, caller)
				: await orderBySession(ctx, orderId, scheme === 'Bearer' ? credential : undefined, caller);
		return { order, caller };
	}

	const limit = ctx.config.bodyLimitBytes;

	api.post('/orders/:orderId/summary', async (c) => {
		const { orderId, caller } = admit(c);
		const body = await readJson<{ linkSecret: string }>(c, { linkSecret: SECRET_MAX }, limit);
		return c.json(await orderSummary(ctx, orderId, body.linkSecret, caller));
	});

	api.post('/orders/:orderId/session', async (c) => {
		const { orderId, caller } = admit(c);
		const body = await readJson<SessionRequest & Record<string, string>>(
			c,
			{ linkSecret: SECRET_MAX, pickupPassword: PASSWORD_MAX },
			limit
		);
		return c.json(await openSession(ctx, orderId, body.linkSecret, body.pickupPassword, caller));
	});

	api.post('/orders/:orderId/certificate-request', async (c) => {
		const { order, caller } = await sessionOrder(c);
		const body = await readJson<CertificateRequestBody & Record<string, string>>(
			c,
			{ csr: CSR_MAX, agreementVersion: VERSION_MAX },
			limit
		);
		return issuance(
			c,
			await requestCertificate(ctx, order, body.csr, body.agreementVersion, caller)
		);
	});

	api.get('/orders/:orderId/certificate', async (c) => {
		const { order } = await sessionOrder(c, true);
		return issuance(c, await currentCertificate(ctx, order));
	});

	api.post('/orders/:orderId/collected', async (c) => {
		const { order, caller } = await sessionOrder(c);
		await acknowledgeCollected(ctx, order, caller);
		return c.body(null, 204);
	});

	api.get('/ca/chain', (c) =>
		c.text(ctx.issuer.chainPem, 200, { 'content-type': 'text/plain; charset=utf-8' })
	);

	return api;
}

/** 202 with Retry-After while pending, as EST (RFC 7030 section 4.2.3) does. */
function issuance(c: NodeContext, result: IssuanceResult): Response {
	if (result.status === 'pending')
		return c.json(result, 202, { 'retry-after': String(result.retryAfterSeconds) });
	return c.json(result, 200);
}
