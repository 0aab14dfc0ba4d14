/**
 * The people who use the console, as an admin sees and manages them: who they are, their passkeys
 * and the invitations still out. Removing a person or a passkey ends the sessions it opened at
 * once: every console request reads its session afresh.
 */
import { Refusal } from '../problems.ts';
import type { Invite, PersonRole } from '../store/console-types.ts';
import type { OrderStore } from '../store/types.ts';
import type { ActedBy } from './api-keys.ts';

export interface PersonOverview {
	id: string;
	name: string;
	role: PersonRole;
	createdAt: string;
	passkeys: { id: string; createdAt: string; lastUsedAt: string | null }[];
}

export type InviteOverview = Pick<
	Invite,
	'id' | 'name' | 'role' | 'createdAt' | 'expiresAt' | 'usedAt'
>;

export async function peopleOverview(
	store: OrderStore
): Promise<{ people: PersonOverview[]; invites: InviteOverview[] }> {
	const [people, passkeys, invites] = await Promise.all([
		store.listPeople(),
		store.listPasskeys(),
		store.listInvites()
	]);
	return {
		people: people.map((person) => ({
			...person,
			passkeys: passkeys
				.filter((passkey) => passkey.personId === person.id)
				.map(({ id, createdAt, lastUsedAt }) => ({ id, createdAt, lastUsedAt }))
		})),
		invites: invites.map(({ id, name, role, createdAt, expiresAt, usedAt }) => ({
			id,
			name,
			role,
			createdAt,
			expiresAt,
			usedAt
		}))
	};
}

/** `actor` is the admin's person id: nobody removes themselves (and with it the last admin). */
export async function removePerson(
	store: OrderStore,
	id: string,
	actor: { personId: string } & ActedBy,
	now: Date
): Promise<void> {
	if (id === actor.personId)
		throw new Refusal('role_forbidden', 'You cannot remove yourself: ask another admin.');
	await store.transaction(null, async (tx) => {
		const person = await tx.findPerson(id);
		if (!person || !(await tx.deletePerson(id)))
			throw new Refusal('not_found', `There is no person ${id}.`);
		await tx.audit(
			{
				orderId: null,
				actor: 'operator',
				event: 'person_removed',
				detail: { person: id, name: person.name, by: actor.by, via: actor.via }
			},
			now
		);
	});
}

export async function removePasskey(
	store: OrderStore,
	id: string,
	actedBy: ActedBy,
	now: Date
): Promise<void> {
	await store.transaction(null, async (tx) => {
		if (!(await tx.deletePasskey(id))) throw new Refusal('not_found', `There is no passkey ${id}.`);
		await tx.audit(
			{
				orderId: null,
				actor: 'operator',
				event: 'passkey_removed',
				detail: { passkey: id, ...actedBy }
			},
			now
		);
	});
}
