/**
 * The console's statements (console-types.ts), written once for both databases like queries.ts:
 * `?` placeholders, quoted aliases, ISO 8601 text for times.
 */
import type { ConsoleReads, ConsoleWrites, Invite, Passkey, Person } from './console-types.ts';
import type { Sql } from './queries.ts';
import { OUTBOX_COLUMNS } from './queries.ts';
import type { OutboxMessage } from './types.ts';

const PERSON_COLUMNS = 'id, name, role, created_at AS "createdAt"';

const PASSKEY_COLUMNS = `id, person_id AS "personId", credential_id AS "credentialId",
	public_key AS "publicKey", counter, transports, created_at AS "createdAt",
	last_used_at AS "lastUsedAt"`;

const INVITE_COLUMNS = `id, token_sha256 AS "tokenSha256", name, role, person_id AS "personId",
	invited_by AS "invitedBy", created_at AS "createdAt", expires_at AS "expiresAt",
	used_at AS "usedAt"`;

type PasskeyRow = Omit<Passkey, 'transports'> & { transports: string };

interface SessionRow {
	tokenSha256: Buffer;
	passkeyId: string;
	createdAt: string;
	lastSeenAt: string;
	expiresAt: string;
	personId: string;
	name: string;
	role: Person['role'];
	personCreatedAt: string;
}

export function consoleQueries(sql: Sql): ConsoleReads & ConsoleWrites {
	return {
		findPerson(id) {
			return sql.get<Person>(`SELECT ${PERSON_COLUMNS} FROM people WHERE id = ?`, [id]);
		},

		listPeople() {
			return sql.all<Person>(`SELECT ${PERSON_COLUMNS} FROM people ORDER BY created_at, id`);
		},

		async listPasskeys() {
			const rows = await sql.all<PasskeyRow>(
				`SELECT ${PASSKEY_COLUMNS} FROM passkeys ORDER BY created_at, id`
			);
			return rows.map(passkeyFrom);
		},

		async findPasskeyByCredential(credentialId) {
			const row = await sql.get<PasskeyRow>(
				`SELECT ${PASSKEY_COLUMNS} FROM passkeys WHERE credential_id = ?`,
				[credentialId]
			);
			return row && passkeyFrom(row);
		},

		findInvite(tokenSha256) {
			return sql.get<Invite>(`SELECT ${INVITE_COLUMNS} FROM invites WHERE token_sha256 = ?`, [
				tokenSha256
			]);
		},

		listInvites() {
			return sql.all<Invite>(`SELECT ${INVITE_COLUMNS} FROM invites ORDER BY created_at, id`);
		},

		listOutbox(status, limit) {
			const where = status ? 'status = ?' : "status IN ('queued', 'failed')";
			return sql.all<OutboxMessage>(
				`SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT ?`,
				status ? [status, limit] : [limit]
			);
		},

		findOutboxMessage(id) {
			return sql.get<OutboxMessage>(`SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE id = ?`, [id]);
		},

		async insertInvite(invite) {
			await sql.run(
				`INSERT INTO invites (id, token_sha256, name, role, person_id, invited_by, created_at, expires_at)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				[
					invite.id,
					invite.tokenSha256,
					invite.name,
					invite.role,
					invite.personId,
					invite.invitedBy,
					invite.createdAt,
					invite.expiresAt
				]
			);
		},

		async useInvite(id, now) {
			const changed = await sql.run(
				'UPDATE invites SET used_at = ? WHERE id = ? AND used_at IS NULL AND expires_at > ?',
				[now.toISOString(), id, now.toISOString()]
			);
			return changed === 1;
		},

		async insertPerson(person) {
			await sql.run('INSERT INTO people (id, name, role, created_at) VALUES (?, ?, ?, ?)', [
				person.id,
				person.name,
				person.role,
				person.createdAt
			]);
		},

		async deletePerson(id) {
			// Explicitly, not by cascade alone: SQLite cascades only with foreign_keys on, per connection.
			await sql.run('DELETE FROM console_sessions WHERE person_id = ?', [id]);
			await sql.run('DELETE FROM passkeys WHERE person_id = ?', [id]);
			return (await sql.run('DELETE FROM people WHERE id = ?', [id])) === 1;
		},

		async insertPasskey(passkey) {
			await sql.run(
				`INSERT INTO passkeys (id, person_id, credential_id, public_key, counter, transports, created_at)
				 VALUES (?, ?, ?, ?, ?, ?, ?)`,
				[
					passkey.id,
					passkey.personId,
					passkey.credentialId,
					passkey.publicKey,
					passkey.counter,
					JSON.stringify(passkey.transports),
					passkey.createdAt
				]
			);
		},

		async deletePasskey(id) {
			await sql.run('DELETE FROM console_sessions WHERE passkey_id = ?', [id]);
			return (await sql.run('DELETE FROM passkeys WHERE id = ?', [id])) === 1;
		},

		async notePasskeyUse(id, counter, now) {
			await sql.run('UPDATE passkeys SET counter = ?, last_used_at = ? WHERE id = ?', [
				counter,
				now.toISOString(),
				id
			]);
		},

		async insertChallenge(challenge, now) {
			await sql.run('DELETE FROM webauthn_challenges WHERE expires_at <= ?', [now.toISOString()]);
			await sql.run(
				'INSERT INTO webauthn_challenges (challenge_sha256, purpose, invite_id, expires_at) VALUES (?, ?, ?, ?)',
				[
					challenge.challengeSha256,
					challenge.purpose,
					challenge.inviteId,
					challenge.expiresAt.toISOString()
				]
			);
		},

		async takeChallenge(challengeSha256, purpose, inviteId, now) {
			const taken = await sql.run(
				`DELETE FROM webauthn_challenges
				 WHERE challenge_sha256 = ? AND purpose = ? AND expires_at > ? AND COALESCE(invite_id, '') = ?`,
				[challengeSha256, purpose, now.toISOString(), inviteId ?? '']
			);
			return taken === 1;
		},

		async insertConsoleSession(session) {
			await sql.run('DELETE FROM console_sessions WHERE expires_at <= ?', [session.createdAt]);
			await sql.run(
				`INSERT INTO console_sessions (token_sha256, person_id, passkey_id, created_at, last_seen_at, expires_at)
				 VALUES (?, ?, ?, ?, ?, ?)`,
				[
					session.tokenSha256,
					session.personId,
					session.passkeyId,
					session.createdAt,
					session.createdAt,
					session.expiresAt
				]
			);
		},

		async touchConsoleSession(tokenSha256, now, idleSince) {
			const live = await sql.run(
				`UPDATE console_sessions SET last_seen_at = ?
				 WHERE token_sha256 = ? AND last_seen_at > ? AND expires_at > ?`,
				[now.toISOString(), tokenSha256, idleSince.toISOString(), now.toISOString()]
			);
			if (live !== 1) return undefined;
			const row = await sql.get<SessionRow>(
				`SELECT s.token_sha256 AS "tokenSha256", s.passkey_id AS "passkeyId",
					s.created_at AS "createdAt", s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt",
					p.id AS "personId", p.name, p.role, p.created_at AS "personCreatedAt"
				 FROM console_sessions s JOIN people p ON p.id = s.person_id
				 WHERE s.token_sha256 = ?`,
				[tokenSha256]
			);
			return (
				row && {
					tokenSha256: row.tokenSha256,
					passkeyId: row.passkeyId,
					createdAt: row.createdAt,
					lastSeenAt: row.lastSeenAt,
					expiresAt: row.expiresAt,
					person: {
						id: row.personId,
						name: row.name,
						role: row.role,
						createdAt: row.personCreatedAt
					}
				}
			);
		},

		async deleteConsoleSession(tokenSha256) {
			await sql.run('DELETE FROM console_sessions WHERE token_sha256 = ?', [tokenSha256]);
		},

		async retryOutbox(id, now) {
			const changed = await sql.run(
				`UPDATE outbox SET status = 'queued', next_attempt_at = ?, attempts = 0, sent_at = NULL
				 WHERE id = ? AND (status = 'queued' OR (status = 'failed' AND payload IS NOT NULL))`,
				[now.toISOString(), id]
			);
			return changed === 1;
		}
	};
}

function passkeyFrom(row: PasskeyRow): Passkey {
	return { ...row, transports: JSON.parse(row.transports) as string[] };
}
