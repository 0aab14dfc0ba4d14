/**
 * The operator console's API (docs/console-api.md), for people signed in with a passkey: signing
 * in and out here, the orders in console-orders.ts, the admin's tools in console-admin.ts. Every
 * action goes through the same modules as the CLI and the operator API, audited under the
 * person's name and 'console'.
 */
import type { HttpBindings } from '@hono/node-server';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { Hono } from 'hono';
import {
	csrfTokenFor,
	endConsoleSession,
	idleExpiresAt,
	signIn
} from '../access/console-sessions.ts';
import { enrol, liveInvite } from '../access/invites.ts';
import {
	registrationOptions,
	signInOptions,
	verifyRegistration,
	verifySignIn
} from '../access/webauthn.ts';
import type { Context } from '../context.ts';
import type { Caller } from '../orders/pickup.ts';
import { Refusal, type AnyProblemCode } from '../problems.ts';
import type { Person } from '../store/console-types.ts';
import { readJsonValue, type NodeContext } from './body.ts';
import { consoleAdminRoutes } from './console-admin.ts';
import {
	clearSessionCookie,
	consoleSession,
	sameOriginPosts,
	setSessionCookie
} from './console-auth.ts';
import { consoleOrderRoutes } from './console-orders.ts';
import { objectBody, text } from './operator-input.ts';
import { RateLimiter } from './rate-limit.ts';

/** Refusals that may be someone trying invitations or passkeys: counted against their address. */
const GUESSES: ReadonlySet<AnyProblemCode> = new Set([
	'passkey_refused',
	'invite_invalid',
	'invite_expired',
	'invite_used'
]);

const INVITE_MAX = 64;

export function consoleRoutes(
	ctx: Context,
	callerOf: (c: NodeContext) => Caller
): Hono<{ Bindings: HttpBindings }> {
	const api = new Hono<{ Bindings: HttpBindings }>();
	const requests = new RateLimiter(ctx.config.rateLimit.perAddressPerMinute);
	const failures = new RateLimiter(ctx.config.operatorAuthFailuresPerMinute);
	const signedIn = consoleSession(ctx);

	api.use('*', sameOriginPosts(ctx.config));

	/**
	 * The routes before a session: each request counts against its address's request limit, and
	 * each refused invitation or passkey against its failure limit, past which the address waits
	 * whatever it sends, as with wrong operator API keys.
	 */
	const beforeSession =
		(
			fields: string[],
			handle: (c: NodeContext, body: Record<string, unknown>) => Promise<Response>
		) =>
		async (c: NodeContext) => {
			const { address } = callerOf(c);
			const wait = Math.max(failures.wait(address), requests.take(address));
			if (wait > 0)
				throw new Refusal('rate_limited', `Try again in ${wait} seconds.`, {
					retryAfterSeconds: wait
				});
			try {
				const body = objectBody(await readJsonValue(c, ctx.config.bodyLimitBytes), new Set(fields));
				return await handle(c, body);
			} catch (error) {
				if (error instanceof Refusal && GUESSES.has(error.code)) failures.take(address);
				throw error;
			}
		};

	api.post(
		'/invites/options',
		beforeSession(['invite'], async (c, body) => {
			const invite = await liveInvite(ctx.store, inviteToken(body), ctx.now());
			const options = await registrationOptions(ctx.store, ctx.config, invite, ctx.now());
			return c.json({ name: invite.name, role: invite.role, options });
		})
	);

	api.post(
		'/invites/register',
		beforeSession(['invite', 'response'], async (c, body) => {
			const now = ctx.now();
			const invite = await liveInvite(ctx.store, inviteToken(body), now);
			const passkey = await verifyRegistration(
				ctx.store,
				ctx.config,
				invite,
				credentialOf<RegistrationResponseJSON>(body),
				now
			);
			const { person, session } = await enrol(ctx.store, ctx.config, invite, passkey, now);
			setSessionCookie(c, ctx.config, session);
			return c.json({ person: personOf(person), csrfToken: session.csrfToken }, 201);
		})
	);

	api.post(
		'/sign-in/options',
		beforeSession([], async (c) =>
			c.json({ options: await signInOptions(ctx.store, ctx.config, ctx.now()) })
		)
	);

	api.post(
		'/sign-in',
		beforeSession(['response'], async (c, body) => {
			const now = ctx.now();
			const { passkey, counter } = await verifySignIn(
				ctx.store,
				ctx.config,
				credentialOf<AuthenticationResponseJSON>(body),
				now
			);
			const { person, session } = await signIn(ctx.store, ctx.config, passkey, counter, now);
			setSessionCookie(c, ctx.config, session);
			return c.json({ person: personOf(person), csrfToken: session.csrfToken });
		})
	);

	api.post('/sign-out', signedIn, async (c) => {
		await endConsoleSession(ctx.store, c.get('consoleSession'), ctx.now());
		clearSessionCookie(c, ctx.config);
		return c.body(null, 204);
	});

	api.get('/session', signedIn, (c) => {
		const session = c.get('consoleSession');
		return c.json({
			person: personOf(session.person),
			csrfToken: csrfTokenFor(c.get('consoleToken')),
			idleExpiresAt: idleExpiresAt(ctx.config, session),
			expiresAt: session.expiresAt
		});
	});

	api.route('/', consoleOrderRoutes(ctx));
	api.route('/', consoleAdminRoutes(ctx));
	return api;
}

function personOf(person: Person): Pick<Person, 'id' | 'name' | 'role'> {
	return { id: person.id, name: person.name, role: person.role };
}

function inviteToken(body: Record<string, unknown>): string {
	const token = text(body, 'invite', INVITE_MAX);
	if (token === undefined)
		throw new Refusal('body_invalid', '"invite" is required.', { field: 'invite' });
	return token;
}

/**
 * The browser's WebAuthn answer as @simplewebauthn/browser gives it: its outer shape is checked
 * here, its content by the ceremony, which refuses anything it cannot verify.
 */
function credentialOf<T>(body: Record<string, unknown>): T {
	const value = body.response as { id?: unknown; response?: unknown } | null | undefined;
	if (
		typeof value !== 'object' ||
		value === null ||
		typeof value.id !== 'string' ||
		typeof value.response !== 'object' ||
		value.response === null
	)
		throw new Refusal(
			'body_invalid',
			'"response" must be the WebAuthn credential the browser returned.',
			{ field: 'response' }
		);
	return value as T;
}
