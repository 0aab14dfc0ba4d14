/**
 * Invitations to the console: a one-time link, valid 24 hours, that enrols one new person with one
 * passkey. The token travels in the link's fragment (never sent to a server by the browser, so no
 * log holds it) and is stored as SHA-256 only. Made by `npm run operator:invite` or by an admin in
 * the console.
 */
import type { Config } from '../config.ts';
import { Refusal } from '../problems.ts';
import { randomSecret, sha256 } from '../secrets.ts';
import type { Invite, Person, PersonRole } from '../store/console-types.ts';
import type { OrderStore } from '../store/types.ts';
import type { ActedBy } from './api-keys.ts';
import { openConsoleSession, type ConsoleSessionGrant } from './console-sessions.ts';
import type { RegisteredPasskey } from './webauthn.ts';

const INVITE_TTL_MS = 24 * 3600 * 1000;
const NAME_MAX = 100;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const PERSON_ROLES: readonly PersonRole[] = ['office', 'admin'];

export function isPersonRole(role: unknown): role is PersonRole {
	return PERSON_ROLES.includes(role as PersonRole);
}

export interface NewInvite {
	id: string;
	/** Shown once, here. */
	link: string;
	expiresAt: string;
}

export async function createInvite(
	store: OrderStore,
	config: Config,
	invitee: { name: string; role: PersonRole },
	actedBy: ActedBy,
	now: Date
): Promise<NewInvite> {
	const name = personName(invitee.name);
	if (!isPersonRole(invitee.role))
		throw new Refusal('body_invalid', `the role must be ${PERSON_ROLES.join(' or ')}`, {
			field: 'role'
		});
	const token = randomSecret(32);
	const invite = {
		id: randomSecret(12),
		tokenSha256: sha256(token),
		name,
		role: invitee.role,
		personId: randomSecret(12),
		invitedBy: actedBy.by,
		createdAt: now.toISOString(),
		expiresAt: new Date(now.getTime() + INVITE_TTL_MS).toISOString()
	};
	await store.transaction(null, async (tx) => {
		await tx.insertInvite(invite);
		await tx.audit(
			{
				orderId: null,
				actor: 'operator',
				event: 'person_invited',
				detail: { invite: invite.id, name, role: invite.role, ...actedBy }
			},
			now
		);
	});
	return {
		id: invite.id,
		link: `${config.publicUrl}/operator/invite#t=${token}`,
		expiresAt: invite.expiresAt
	};
}

/** The invitation the token is, while it can still be used; refuses it saying why not. */
export async function liveInvite(store: OrderStore, token: string, now: Date): Promise<Invite> {
	const invite = TOKEN.test(token) ? await store.findInvite(sha256(token)) : undefined;
	if (!invite) throw new Refusal('invite_invalid');
	if (invite.usedAt !== null) throw new Refusal('invite_used');
	if (invite.expiresAt <= now.toISOString()) throw new Refusal('invite_expired');
	return invite;
}

/**
 * The invitation used: the person with their first passkey, signed in. In one transaction, and
 * only if the invitation is still unused, so two registrations racing enrol one person.
 */
export async function enrol(
	store: OrderStore,
	config: Config,
	invite: Invite,
	passkey: RegisteredPasskey,
	now: Date
): Promise<{ person: Person; session: ConsoleSessionGrant }> {
	const person: Person = {
		id: invite.personId,
		name: invite.name,
		role: invite.role,
		createdAt: now.toISOString()
	};
	return store.transaction(null, async (tx) => {
		if (!(await tx.useInvite(invite.id, now))) throw new Refusal('invite_used');
		await tx.insertPerson(person);
		const passkeyId = randomSecret(12);
		await tx.insertPasskey({
			id: passkeyId,
			personId: person.id,
			createdAt: person.createdAt,
			...passkey
		});
		await tx.audit(
			{
				orderId: null,
				actor: 'operator',
				event: 'person_enrolled',
				detail: { person: person.id, name: person.name, role: person.role, invite: invite.id }
			},
			now
		);
		return { person, session: await openConsoleSession(tx, config, person, passkeyId, now) };
	});
}

/** A person's name as the audit log will carry it: visible characters only. */
export function personName(name: unknown): string {
	const trimmed = typeof name === 'string' ? name.trim() : '';
	if (trimmed === '' || trimmed.length > NAME_MAX || /\p{C}/u.test(trimmed))
		throw new Refusal('body_invalid', `the name must be 1 to ${NAME_MAX} visible characters`, {
			field: 'name'
		});
	return trimmed;
}
