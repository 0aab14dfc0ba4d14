/**
 * The order store's contract for the operator console (server/store/console-types.ts), passed alike
 * by SQLite and PostgreSQL: people and passkeys, one-time invitations and challenges, sessions
 * with their idle and absolute limits, the outbox's waiting and failed messages and their retry,
 * and the order fields the console reads and searches.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../server/store/migrations.ts';
import type { Person } from '../../../server/store/console-types.ts';
import type { OrderStore } from '../../../server/store/types.ts';
import { newOrder, STORE_KINDS, withStore, type StoreLocation } from './stores.ts';

const MINUTE = 60_000;

function person(fields: Partial<Person> = {}): Person {
	return {
		id: `p${Math.random().toString(36).slice(2, 12)}`,
		name: 'Leuven office',
		role: 'office',
		createdAt: new Date().toISOString(),
		...fields
	};
}

/** A person with one passkey; returns both ids. */
async function enrolled(store: OrderStore, fields: Partial<Person> = {}) {
	const someone = person(fields);
	const passkeyId = `k${someone.id}`;
	await store.transaction(null, async (tx) => {
		await tx.insertPerson(someone);
		await tx.insertPasskey({
			id: passkeyId,
			personId: someone.id,
			credentialId: `cred-${someone.id}`,
			publicKey: Buffer.from([0xa5, 0x01, 0x02]),
			counter: 0,
			transports: ['internal', 'hybrid'],
			createdAt: someone.createdAt
		});
	});
	return { person: someone, passkeyId };
}

async function session(
	store: OrderStore,
	personId: string,
	passkeyId: string,
	now: Date,
	token = Buffer.from(`${personId}-${passkeyId}-${now.getTime()}`)
) {
	await store.transaction(null, (tx) =>
		tx.insertConsoleSession({
			tokenSha256: token,
			personId,
			passkeyId,
			createdAt: now.toISOString(),
			expiresAt: new Date(now.getTime() + 60 * MINUTE).toISOString()
		})
	);
	return token;
}

function touch(store: OrderStore, token: Buffer, now: Date, idleMs = 10 * MINUTE) {
	return store.transaction(null, (tx) =>
		tx.touchConsoleSession(token, now, new Date(now.getTime() - idleMs))
	);
}

describe.each(STORE_KINDS)('the %s store for the console', (kind) => {
	const subject = withStore(kind);

	describe('people and passkeys', () => {
		it('keep a passkey’s key, counter and transports, found by its credential id', async () => {
			const { person: someone, passkeyId } = await enrolled(subject.store);
			expect(await subject.store.findPerson(someone.id)).toEqual(someone);
			const found = await subject.store.findPasskeyByCredential(`cred-${someone.id}`);
			expect(found).toEqual({
				id: passkeyId,
				personId: someone.id,
				credentialId: `cred-${someone.id}`,
				publicKey: Buffer.from([0xa5, 0x01, 0x02]),
				counter: 0,
				transports: ['internal', 'hybrid'],
				createdAt: someone.createdAt,
				lastUsedAt: null
			});
			expect(Buffer.isBuffer(found?.publicKey)).toBe(true);
			const now = new Date();
			await subject.store.transaction(null, (tx) => tx.notePasskeyUse(passkeyId, 7, now));
			expect(await subject.store.findPasskeyByCredential(`cred-${someone.id}`)).toMatchObject({
				counter: 7,
				lastUsedAt: now.toISOString()
			});
			expect(await subject.store.findPasskeyByCredential('unknown')).toBeUndefined();
			expect(await subject.store.listPeople()).toEqual([someone]);
			expect((await subject.store.listPasskeys()).map((passkey) => passkey.id)).toEqual([
				passkeyId
			]);
		});

		it('go together: removing a person removes their passkeys and ends their sessions', async () => {
			const leaving = await enrolled(subject.store);
			const staying = await enrolled(subject.store, { name: 'Gent office', role: 'admin' });
			const now = new Date();
			const gone = await session(subject.store, leaving.person.id, leaving.passkeyId, now);
			const kept = await session(subject.store, staying.person.id, staying.passkeyId, now);
			expect(
				await subject.store.transaction(null, (tx) => tx.deletePerson(leaving.person.id))
			).toBe(true);
			expect(await subject.store.findPerson(leaving.person.id)).toBeUndefined();
			expect(await subject.store.listPasskeys()).toHaveLength(1);
			expect(await touch(subject.store, gone, now)).toBeUndefined();
			expect(await touch(subject.store, kept, now)).toBeDefined();
			expect(
				await subject.store.transaction(null, (tx) => tx.deletePerson(leaving.person.id))
			).toBe(false);
		});

		it('end, with a passkey removed, the sessions opened with it only', async () => {
			const { person: someone, passkeyId } = await enrolled(subject.store);
			const second = `second-${passkeyId}`;
			await subject.store.transaction(null, (tx) =>
				tx.insertPasskey({
					id: second,
					personId: someone.id,
					credentialId: `cred-2-${someone.id}`,
					publicKey: Buffer.from([1]),
					counter: 0,
					transports: [],
					createdAt: someone.createdAt
				})
			);
			const now = new Date();
			const first = await session(subject.store, someone.id, passkeyId, now);
			const other = await session(subject.store, someone.id, second, now);
			expect(await subject.store.transaction(null, (tx) => tx.deletePasskey(passkeyId))).toBe(true);
			expect(await touch(subject.store, first, now)).toBeUndefined();
			expect(await touch(subject.store, other, now)).toBeDefined();
			expect(await subject.store.transaction(null, (tx) => tx.deletePasskey(passkeyId))).toBe(
				false
			);
		});
	});

	describe('invitations', () => {
		it('are found by their token’s hash and used once, before they expire', async () => {
			const now = new Date();
			const invite = {
				id: 'invite-1',
				tokenSha256: Buffer.alloc(32, 3),
				name: 'Brugge office',
				role: 'admin' as const,
				personId: 'person-1',
				invitedBy: 'tester',
				createdAt: now.toISOString(),
				expiresAt: new Date(now.getTime() + MINUTE).toISOString()
			};
			const late = { ...invite, id: 'invite-2', tokenSha256: Buffer.alloc(32, 4) };
			await subject.store.transaction(null, async (tx) => {
				await tx.insertInvite(invite);
				await tx.insertInvite(late);
			});
			expect(await subject.store.findInvite(Buffer.alloc(32, 3))).toEqual({
				...invite,
				usedAt: null
			});
			expect(await subject.store.findInvite(Buffer.alloc(32, 5))).toBeUndefined();
			const use = (id: string, at: Date) =>
				subject.store.transaction(null, (tx) => tx.useInvite(id, at));
			expect(await use(invite.id, now)).toBe(true);
			expect(await use(invite.id, now)).toBe(false);
			expect((await subject.store.findInvite(invite.tokenSha256))?.usedAt).toBe(now.toISOString());
			expect(await use(late.id, new Date(now.getTime() + MINUTE))).toBe(false);
			expect((await subject.store.listInvites()).map((entry) => entry.id).sort()).toEqual([
				'invite-1',
				'invite-2'
			]);
		});
	});

	describe('WebAuthn challenges', () => {
		it('are taken once, for their purpose and invitation, before they expire', async () => {
			const now = new Date();
			const expiresAt = new Date(now.getTime() + 5 * MINUTE);
			await subject.store.transaction(null, async (tx) => {
				await tx.insertInvite({
					id: 'invite-a',
					tokenSha256: Buffer.alloc(32, 9),
					name: 'x',
					role: 'office',
					personId: 'p',
					invitedBy: null,
					createdAt: now.toISOString(),
					expiresAt: expiresAt.toISOString()
				});
				await tx.insertChallenge(
					{ challengeSha256: Buffer.alloc(32, 1), purpose: 'sign_in', inviteId: null, expiresAt },
					now
				);
				await tx.insertChallenge(
					{
						challengeSha256: Buffer.alloc(32, 2),
						purpose: 'register',
						inviteId: 'invite-a',
						expiresAt
					},
					now
				);
			});
			const take = (
				hash: number,
				purpose: 'sign_in' | 'register',
				invite: string | null,
				at = now
			) =>
				subject.store.transaction(null, (tx) =>
					tx.takeChallenge(Buffer.alloc(32, hash), purpose, invite, at)
				);
			expect(await take(1, 'register', null)).toBe(false);
			expect(await take(2, 'register', 'invite-b')).toBe(false);
			expect(await take(2, 'register', null)).toBe(false);
			expect(await take(1, 'sign_in', null, expiresAt)).toBe(false);
			expect(await take(1, 'sign_in', null)).toBe(true);
			expect(await take(1, 'sign_in', null)).toBe(false);
			expect(await take(2, 'register', 'invite-a')).toBe(true);
		});

		it('that expired are forgotten when the next is made, so their hash can come again', async () => {
			const start = new Date();
			const insert = (at: Date) =>
				subject.store.transaction(null, (tx) =>
					tx.insertChallenge(
						{
							challengeSha256: Buffer.alloc(32, 6),
							purpose: 'sign_in',
							inviteId: null,
							expiresAt: new Date(at.getTime() + 1000)
						},
						at
					)
				);
			await insert(start);
			const later = new Date(start.getTime() + 2000);
			await insert(later);
			expect(
				await subject.store.transaction(null, (tx) =>
					tx.takeChallenge(Buffer.alloc(32, 6), 'sign_in', null, later)
				)
			).toBe(true);
		});
	});

	describe('console sessions', () => {
		it('live while used within the idle time and until they expire, with their person', async () => {
			const { person: someone, passkeyId } = await enrolled(subject.store);
			const start = new Date();
			const token = await session(subject.store, someone.id, passkeyId, start);
			const later = new Date(start.getTime() + 9 * MINUTE);
			expect(await touch(subject.store, token, later)).toEqual({
				tokenSha256: token,
				passkeyId,
				createdAt: start.toISOString(),
				lastSeenAt: later.toISOString(),
				expiresAt: new Date(start.getTime() + 60 * MINUTE).toISOString(),
				person: someone
			});
			// Used at 9 minutes: idle since then, it lives until 19.
			expect(
				await touch(subject.store, token, new Date(start.getTime() + 18 * MINUTE))
			).toBeDefined();
			expect(
				await touch(subject.store, token, new Date(start.getTime() + 29 * MINUTE))
			).toBeUndefined();
			expect(await touch(subject.store, Buffer.alloc(32, 0), start)).toBeUndefined();
		});

		it('end at their absolute limit however busy, and when deleted', async () => {
			const { person: someone, passkeyId } = await enrolled(subject.store);
			const start = new Date();
			const token = await session(subject.store, someone.id, passkeyId, start);
			for (let minute = 5; minute < 60; minute += 5)
				expect(
					await touch(subject.store, token, new Date(start.getTime() + minute * MINUTE))
				).toBeDefined();
			expect(
				await touch(subject.store, token, new Date(start.getTime() + 60 * MINUTE))
			).toBeUndefined();
			const other = await session(subject.store, someone.id, passkeyId, start, Buffer.alloc(32, 8));
			await subject.store.transaction(null, (tx) => tx.deleteConsoleSession(other));
			expect(await touch(subject.store, other, start)).toBeUndefined();
		});
	});

	describe('the outbox', () => {
		async function message(
			id: string,
			kind: 'email' | 'webhook',
			at: Date,
			orderId: string | null = null
		) {
			await subject.store.transaction(null, (tx) =>
				tx.enqueue(
					{
						id,
						kind,
						orderId,
						topic: kind === 'email' ? 'pickup_link' : 'order.issued',
						payload: '{"x":1}'
					},
					at
				)
			);
		}

		/** Claims everything due and settles `id` as `status`. */
		async function settle(id: string, status: 'sent' | 'failed', at: Date) {
			await subject.store.transaction(null, async (tx) => {
				await tx.claimDue(at, new Date(at.getTime() + MINUTE), `claim-${id}`, 100);
				await tx.settleOutbox(
					id,
					`claim-${id}`,
					status === 'sent' ? { status, at, detail: '250 ok' } : { status, at, error: '550 no' }
				);
			});
		}

		it('lists what waits or failed, newest first, and keeps a failed event’s content only', async () => {
			const base = Date.now();
			const at = (seconds: number) => new Date(base + seconds * 1000);
			await message('m1-sent', 'email', at(1));
			await settle('m1-sent', 'sent', at(1));
			await message('m2-failed-email', 'email', at(2));
			await settle('m2-failed-email', 'failed', at(2));
			await message('m3-failed-event', 'webhook', at(3));
			await settle('m3-failed-event', 'failed', at(3));
			await message('m4-queued', 'webhook', at(4));
			const ids = (messages: { id: string }[]) => messages.map((entry) => entry.id);
			expect(ids(await subject.store.listOutbox(undefined, 10))).toEqual([
				'm4-queued',
				'm3-failed-event',
				'm2-failed-email'
			]);
			expect(ids(await subject.store.listOutbox('failed', 10))).toEqual([
				'm3-failed-event',
				'm2-failed-email'
			]);
			expect(ids(await subject.store.listOutbox('queued', 10))).toEqual(['m4-queued']);
			expect(ids(await subject.store.listOutbox(undefined, 1))).toEqual(['m4-queued']);
			expect((await subject.store.findOutboxMessage('m2-failed-email'))?.payload).toBeNull();
			expect((await subject.store.findOutboxMessage('m3-failed-event'))?.payload).toBe('{"x":1}');
			expect((await subject.store.findOutboxMessage('m1-sent'))?.payload).toBeNull();
			expect(await subject.store.findOutboxMessage('none')).toBeUndefined();
		});

		it('retries a queued message or a failed event now, with fresh attempts; nothing else', async () => {
			const start = new Date(Date.now() - MINUTE);
			await message('event', 'webhook', start);
			await settle('event', 'failed', start);
			await message('email', 'email', start);
			await settle('email', 'failed', start);
			await message('waiting', 'webhook', new Date(start.getTime() + MINUTE));
			await message('done', 'webhook', start);
			await settle('done', 'sent', start);
			const now = new Date();
			const retry = (id: string) =>
				subject.store.transaction(null, (tx) => tx.retryOutbox(id, now));
			expect(await retry('event')).toBe(true);
			expect(await subject.store.findOutboxMessage('event')).toMatchObject({
				status: 'queued',
				attempts: 0,
				nextAttemptAt: now.toISOString(),
				sentAt: null,
				lastResponse: '550 no'
			});
			expect(await retry('waiting')).toBe(true);
			expect((await subject.store.findOutboxMessage('waiting'))?.nextAttemptAt).toBe(
				now.toISOString()
			);
			expect(await retry('email')).toBe(false);
			expect(await retry('done')).toBe(false);
			expect(await retry('none')).toBe(false);
		});

		it('supersedes an order’s waiting and failed messages of a kind; nothing sent, of another kind or order', async () => {
			const [order, other] = [newOrder(), newOrder()];
			await subject.store.transaction(null, async (tx) => {
				await tx.insertOrder(order, { actor: 'operator' });
				await tx.insertOrder(other, { actor: 'operator' });
			});
			const start = new Date(Date.now() - MINUTE);
			const id = (name: string) => `${name}-${order.id}`;
			await message(id('failed'), 'email', start, order.id);
			await settle(id('failed'), 'failed', start);
			await message(id('sent'), 'email', start, order.id);
			await settle(id('sent'), 'sent', start);
			await message(id('queued'), 'email', start, order.id);
			await message(id('event'), 'webhook', start, order.id);
			await message(id('other'), 'email', start, other.id);
			const now = new Date();
			expect(
				await subject.store.transaction(order.id, (tx) =>
					tx.supersedeUnsent(order.id, 'email', now)
				)
			).toBe(2);
			const statusOf = async (name: string) =>
				(await subject.store.findOutboxMessage(id(name)))?.status;
			expect(await statusOf('failed')).toBe('superseded');
			expect(await statusOf('queued')).toBe('superseded');
			expect(await statusOf('sent')).toBe('sent');
			expect(await statusOf('event')).toBe('queued');
			expect(await statusOf('other')).toBe('queued');
			const waiting = (await subject.store.listOutbox(undefined, 100)).map((entry) => entry.id);
			expect(waiting).not.toContain(id('failed'));
			expect(waiting).not.toContain(id('queued'));
		});
	});

	describe('orders for the console', () => {
		it('are found by part of the holder’s name in any case and script, e-mail address or id', async () => {
			const zoe = newOrder({ notifyEmail: 'Zoe@Example.be' });
			const percent = newOrder({
				subject: [{ type: 'CN', value: 'Pieter 100%_Peeters' }],
				notifyEmail: null
			});
			await subject.store.transaction(null, async (tx) => {
				await tx.insertOrder(zoe, { actor: 'operator' });
				await tx.insertOrder(percent, { actor: 'operator' });
			});
			const found = async (search: string) =>
				(await subject.store.listOrders({ search, limit: 10 })).map((order) => order.id);
			expect(await found('ÑÚÑEZ')).toEqual([zoe.id]);
			expect(await found('zoë ñ')).toEqual([zoe.id]);
			expect(await found('zoe@example.BE')).toEqual([zoe.id]);
			expect(await found('zoe@example')).toEqual([]);
			expect(await found(zoe.id)).toEqual([zoe.id]);
			expect(await found('0%_p')).toEqual([percent.id]);
			expect(await found('0%%')).toEqual([]);
			expect(await found('a_b')).toEqual([]);
		});

		it('made before the console are found by name once the schema is migrated', async () => {
			const location = await subject.emptyLocation();
			await withSchemaBeforeConsole(location, kind);
			const store = await subject.open(location);
			expect(
				(await store.listOrders({ search: 'PEETERS', limit: 10 })).map((order) => order.id)
			).toEqual(['Older0rder000001']);
			expect(await store.findOrder('Older0rder000001')).toMatchObject({
				linkOpenedAt: null,
				delivery: 'link'
			});
		});

		it('record when the link was opened and how its links are delivered', async () => {
			const given = newOrder();
			await subject.store.transaction(null, (tx) => tx.insertOrder(given, { actor: 'operator' }));
			const order = await subject.store.findOrder(given.id);
			if (!order) throw new Error('order missing');
			expect(order).toMatchObject({ linkOpenedAt: null, delivery: 'link' });
			const at = new Date();
			const moved = await subject.store.transaction(order.id, (tx) =>
				tx.transition(
					order,
					order.status,
					{ actor: 'applicant', event: 'link_opened' },
					{ linkOpenedAt: at.toISOString(), delivery: 'email' },
					at
				)
			);
			expect(await subject.store.findOrder(order.id)).toEqual(moved);
			expect(moved).toMatchObject({ linkOpenedAt: at.toISOString(), delivery: 'email' });
		});
	});
});

/**
 * The schema as it was before the console's migration (0004), holding one order, written the way
 * each database records its migrations; the store opened on it next applies the rest.
 */
async function withSchemaBeforeConsole(location: StoreLocation, kind: string): Promise<void> {
	const earlier = migrations(kind === 'postgres' ? 'postgres' : 'sqlite').filter(
		(migration) => migration.version < 4
	);
	const order = `INSERT INTO orders (id, product_id, subject_json, san_json, key_allowed_json,
		key_recommended, password_policy_id, agreement_version, agreement_sha256, validity_months,
		created_at, pickup_deadline, status, link_secret_sha256, pickup_password_hash, updated_at)
		VALUES ('Older0rder000001', 'personal-sign-pro',
		'[{"type":"C","value":"BE"},{"type":"CN","value":"Jan Peeters"}]', '[]', '["P-256"]', 'P-256',
		'letters-digits-12', 'v1', 'x', 12, '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z',
		'awaiting_pickup', X'00', 'hash', '2026-01-01T00:00:00.000Z')`;
	if (location.databaseUrl) {
		const client = new pg.Client({ connectionString: location.databaseUrl });
		await client.connect();
		try {
			await client.query(
				'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)'
			);
			for (const { version, name, sql } of earlier) {
				await client.query(sql);
				await client.query('INSERT INTO schema_migrations VALUES ($1, $2, $3)', [
					version,
					name,
					new Date().toISOString()
				]);
			}
			await client.query(order.replace("X'00'", "'\\x00'"));
		} finally {
			await client.end();
		}
		return;
	}
	const db = new Database(join(location.dataDir, 'orders.sqlite'));
	try {
		for (const { sql } of earlier) db.exec(sql);
		db.pragma(`user_version = ${earlier.length}`);
		db.exec(order);
	} finally {
		db.close();
	}
}
