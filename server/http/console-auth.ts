/**
 * The console's doors: the session cookie, the role a route needs, and the checks that a POST
 * comes from the console's own pages (CSRF). The cookie is httpOnly and SameSite=Strict, scoped
 * to the console's API; every POST must also carry the session's CSRF token in X-Console-CSRF,
 * and is refused when the browser says it comes from another site (Sec-Fetch-Site) or another
 * origin (Origin), before a session exists too: a sign-in forced from another site is refused.
 * Operator API keys open nothing here.
 */
import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import {
	consoleSessionFor,
	csrfTokenMatches,
	type ConsoleSessionGrant
} from '../access/console-sessions.ts';
import type { Config } from '../config.ts';
import type { Context } from '../context.ts';
import { Refusal } from '../problems.ts';
import type { ConsoleSession, PersonRole } from '../store/console-types.ts';
import type { NodeContext } from './body.ts';

declare module 'hono' {
	interface ContextVariableMap {
		consoleSession: ConsoleSession;
		consoleToken: string;
	}
}

const SESSION_COOKIE = 'console_session';
export const CONSOLE_PATH = '/api/v1/console';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Refuses a POST that the browser says comes from elsewhere than the public URL's origin. */
export function sameOriginPosts(config: Config): MiddlewareHandler {
	const origin = new URL(config.publicUrl).origin;
	return async (c, next) => {
		if (c.req.method === 'POST') {
			const site = c.req.header('sec-fetch-site');
			if (site !== undefined && site !== 'same-origin')
				throw new Refusal(
					'csrf_refused',
					`A request from ${site.slice(0, 32)} is not the console's.`
				);
			const from = c.req.header('origin');
			if (from !== undefined && from !== origin)
				throw new Refusal('csrf_refused', `Requests must come from ${origin}.`);
		}
		await next();
	};
}

/** A live session, and on a POST its CSRF token; `role` 'admin' also refuses office staff. */
export function consoleSession(ctx: Context, role: PersonRole = 'office'): MiddlewareHandler {
	return async (c, next) => {
		const token = getCookie(c, SESSION_COOKIE);
		const session =
			token !== undefined && TOKEN.test(token)
				? await consoleSessionFor(ctx.store, ctx.config, token, ctx.now())
				: undefined;
		if (!session || token === undefined) throw new Refusal('console_session_invalid');
		if (c.req.method === 'POST' && !csrfTokenMatches(token, c.req.header('x-console-csrf') ?? ''))
			throw new Refusal('csrf_refused', 'The X-Console-CSRF header is missing or wrong.');
		if (role === 'admin' && session.person.role !== 'admin')
			throw new Refusal('role_forbidden', 'Only an admin can do this.');
		c.set('consoleSession', session);
		c.set('consoleToken', token);
		await next();
	};
}

export function setSessionCookie(c: NodeContext, config: Config, grant: ConsoleSessionGrant): void {
	setCookie(c, SESSION_COOKIE, grant.token, {
		path: CONSOLE_PATH,
		httpOnly: true,
		sameSite: 'Strict',
		secure: config.publicUrl.startsWith('https:'),
		maxAge: config.console.sessionMaxSeconds
	});
}

export function clearSessionCookie(c: NodeContext, config: Config): void {
	deleteCookie(c, SESSION_COOKIE, {
		path: CONSOLE_PATH,
		httpOnly: true,
		sameSite: 'Strict',
		secure: config.publicUrl.startsWith('https:')
	});
}
