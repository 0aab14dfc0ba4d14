/**
 * The console's sessions: a random token in an httpOnly cookie, stored as its SHA-256 only. A
 * session ends after the idle limit without a request, at the absolute limit after sign-in, at
 * sign-out, and with the person or the passkey it was opened with. The CSRF token is derived
 * from the session token (an HMAC), so it needs no storage and changes with every session.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.ts';
import { randomSecret, sha256 } from '../secrets.ts';
import type { ConsoleSession, Person } from '../store/console-types.ts';
import type { OrderStore, OrderTx } from '../store/types.ts';

export interface ConsoleSessionGrant {
	/** The cookie's value: shown to the browser only. */
	token: string;
	csrfToken: string;
}

export async function openConsoleSession(
	tx: OrderTx,
	config: Config,
	person: Person,
	passkeyId: string,
	now: Date
): Promise<ConsoleSessionGrant> {
	const token = randomSecret(32);
	await tx.insertConsoleSession({
		tokenSha256: sha256(token),
		personId: person.id,
		passkeyId,
		createdAt: now.toISOString(),
		expiresAt: new Date(now.getTime() + config.console.sessionMaxSeconds * 1000).toISOString()
	});
	await tx.audit(
		{
			orderId: null,
			actor: 'operator',
			event: 'console_signed_in',
			detail: { person: person.id, passkey: passkeyId, by: person.name, via: 'console' }
		},
		now
	);
	return { token, csrfToken: csrfTokenFor(token) };
}

/** The live session the token opens, its idle time starting again now; undefined for any other. */
export async function consoleSessionFor(
	store: OrderStore,
	config: Config,
	token: string,
	now: Date
): Promise<ConsoleSession | undefined> {
	const idleSince = new Date(now.getTime() - config.console.sessionIdleSeconds * 1000);
	return store.transaction(null, (tx) => tx.touchConsoleSession(sha256(token), now, idleSince));
}

export async function endConsoleSession(
	store: OrderStore,
	session: ConsoleSession,
	now: Date
): Promise<void> {
	await store.transaction(null, async (tx) => {
		await tx.deleteConsoleSession(session.tokenSha256);
		await tx.audit(
			{
				orderId: null,
				actor: 'operator',
				event: 'console_signed_out',
				detail: { person: session.person.id, by: session.person.name, via: 'console' }
			},
			now
		);
	});
}

export function csrfTokenFor(token: string): string {
	return createHmac('sha256', token).update('console csrf').digest('base64url');
}

export function csrfTokenMatches(token: string, presented: string): boolean {
	const expected = Buffer.from(csrfTokenFor(token));
	const given = Buffer.from(presented);
	return given.length === expected.length && timingSafeEqual(given, expected);
}

/** When the session ends if no request comes first. */
export function idleExpiresAt(config: Config, session: ConsoleSession): string {
	const idle = Date.parse(session.lastSeenAt) + config.console.sessionIdleSeconds * 1000;
	return new Date(Math.min(idle, Date.parse(session.expiresAt))).toISOString();
}

/** A verified passkey's sign-in: its counter recorded, and a new session for its person. */
export async function signIn(
	store: OrderStore,
	config: Config,
	passkey: { id: string; personId: string },
	counter: number,
	now: Date
): Promise<{ person: Person; session: ConsoleSessionGrant }> {
	return store.transaction(null, async (tx) => {
		const person = await tx.findPerson(passkey.personId);
		if (!person) throw new Error(`passkey ${passkey.id} has no person`);
		await tx.notePasskeyUse(passkey.id, counter, now);
		return { person, session: await openConsoleSession(tx, config, person, passkey.id, now) };
	});
}
