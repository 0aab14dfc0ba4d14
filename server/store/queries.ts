/**
 * The order store's statements, written once for both databases: `?` placeholders (numbered for
 * PostgreSQL by its runner), quoted aliases (PostgreSQL folds unquoted ones to lower case), ISO 8601
 * text for times (lexicographic order = time order in both) and counts cast to INTEGER (PostgreSQL's
 * bigint would arrive as a string).
 */
import type { KeyAlgorithmName } from '../../src/lib/domain/key-algorithms.ts';
import type { OrderStatus } from '../../src/lib/domain/order-statuses.ts';
import type { SubjectAltName } from '../../src/lib/domain/subject-alt-names.ts';
import type { SubjectAttribute } from '../../src/lib/domain/subject-attributes.ts';
import type { MailLocale } from '../mail/locales.ts';
import { randomSecret } from '../secrets.ts';
import { consoleQueries } from './console-queries.ts';
import type { Dialect } from './migrations.ts';
import {
	CHANGEABLE_COLUMNS,
	OrderChanged,
	type ApiKey,
	type AuditRow,
	type Delivery,
	type IdempotencyRecord,
	type Order,
	type OrderTx,
	type OutboxMessage,
	type OutboxStats,
	type StoredCertificate
} from './types.ts';

/** How a store runs one statement; `run` returns the number of rows changed. */
export interface Sql {
	all<T>(text: string, params?: unknown[]): Promise<T[]>;
	get<T>(text: string, params?: unknown[]): Promise<T | undefined>;
	run(text: string, params?: unknown[]): Promise<number>;
}

type Row = Record<string, unknown>;

export interface QueryOptions {
	dialect: Dialect;
	/** Whether status changes are announced to the CA's order system (WEBHOOK_URL is set). */
	webhookEvents: boolean;
}

/** The statuses whose reaching is a webhook event, `order.<status>`. */
const EVENT_STATUSES: ReadonlySet<OrderStatus> = new Set([
	'request_received',
	'issued',
	'collected',
	'locked',
	'expired',
	'cancelled'
]);

export const OUTBOX_COLUMNS = `id, kind, order_id AS "orderId", topic, payload, status, attempts,
	next_attempt_at AS "nextAttemptAt", last_response AS "lastResponse", created_at AS "createdAt",
	sent_at AS "sentAt"`;

const API_KEY_COLUMNS = `id, name, scope, secret_sha256 AS "secretSha256", created_at AS "createdAt",
	revoked_at AS "revokedAt", last_used_at AS "lastUsedAt"`;

export function orderQueries(sql: Sql, options: QueryOptions): OrderTx {
	const queries: OrderTx = {
		...consoleQueries(sql),

		async findOrder(id) {
			const row = await sql.get<Row>('SELECT * FROM orders WHERE id = ?', [id]);
			return row && fromRow(row);
		},

		async listOrders(filter) {
			const where: string[] = [];
			const params: unknown[] = [];
			if (filter.status) {
				where.push('status = ?');
				params.push(filter.status);
			}
			if (filter.email) {
				where.push('lower(notify_email) = lower(?)');
				params.push(filter.email);
			}
			if (filter.search) {
				where.push(
					"(common_name_folded LIKE ? ESCAPE '\\' OR lower(notify_email) = lower(?) OR id = ?)"
				);
				params.push(`%${likeEscaped(foldName(filter.search))}%`, filter.search, filter.search);
			}
			if (filter.before) {
				where.push('(created_at < ? OR (created_at = ? AND id < ?))');
				params.push(filter.before.createdAt, filter.before.createdAt, filter.before.id);
			}
			const rows = await sql.all<Row>(
				`SELECT * FROM orders ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
				 ORDER BY created_at DESC, id DESC LIMIT ?`,
				[...params, filter.limit]
			);
			return rows.map(fromRow);
		},

		async countOrders() {
			const row = await sql.get<{ n: number }>('SELECT CAST(count(*) AS INTEGER) AS n FROM orders');
			return row?.n ?? 0;
		},

		async orderWithKey(spkiSha256, exceptOrderId) {
			const row = await sql.get<{ id: string }>(
				'SELECT id FROM orders WHERE spki_sha256 = ? AND id <> ? LIMIT 1',
				[spkiSha256, exceptOrderId]
			);
			return row?.id;
		},

		async dueOrderIds(now) {
			const rows = await sql.all<{ id: string }>(
				"SELECT id FROM orders WHERE status IN ('awaiting_pickup', 'locked') AND pickup_deadline <= ?",
				[now.toISOString()]
			);
			return rows.map((row) => row.id);
		},

		certificateOf(orderId) {
			return sql.get<StoredCertificate>(
				'SELECT serial_hex AS "serialHex", der, not_after AS "notAfter" FROM certificates WHERE order_id = ?',
				[orderId]
			);
		},

		async sessionValid(orderId, tokenSha256, now) {
			const row = await sql.get(
				'SELECT 1 AS live FROM sessions WHERE token_sha256 = ? AND order_id = ? AND expires_at > ?',
				[tokenSha256, orderId, now.toISOString()]
			);
			return row !== undefined;
		},

		auditTrail(orderId) {
			return sql.all<AuditRow>(
				`SELECT id, at, order_id AS "orderId", actor, address, event, from_status AS "fromStatus",
					to_status AS "toStatus", detail
				 FROM audit_log WHERE order_id = ? ORDER BY id`,
				[orderId]
			);
		},

		async audit(entry, at) {
			await sql.run(
				`INSERT INTO audit_log (at, order_id, actor, address, event, from_status, to_status, detail)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				[
					at.toISOString(),
					entry.orderId,
					entry.actor,
					entry.address ?? null,
					entry.event,
					entry.fromStatus ?? null,
					entry.toStatus ?? null,
					entry.detail ? JSON.stringify(entry.detail) : null
				]
			);
		},

		async insertOrder(order, event) {
			await sql.run(
				`INSERT INTO orders (id, product_id, subject_json, san_json, key_allowed_json, key_recommended,
					password_policy_id, agreement_version, agreement_sha256, validity_months, contact,
					issuance_delay_seconds, created_at, pickup_deadline, reissue_of, status, link_secret_sha256,
					pickup_password_hash, updated_at, notify_email, locale, delivery, common_name_folded)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'awaiting_pickup', ?, ?, ?, ?, ?, ?, ?)`,
				[
					order.id,
					order.productId,
					JSON.stringify(order.subject),
					JSON.stringify(order.subjectAltNames),
					JSON.stringify(order.keyPolicy.allowed),
					order.keyPolicy.recommended,
					order.passwordPolicyId,
					order.agreementVersion,
					order.agreementSha256,
					order.validityMonths,
					order.contact,
					order.issuanceDelaySeconds,
					order.createdAt,
					order.pickupDeadline,
					order.reissueOf,
					order.linkSecretSha256,
					order.pickupPasswordHash,
					order.createdAt,
					order.notifyEmail,
					order.locale,
					order.delivery,
					foldName(order.subject.find((attribute) => attribute.type === 'CN')?.value ?? '')
				]
			);
			await queries.audit(
				{
					...event,
					orderId: order.id,
					event: 'order_created',
					toStatus: 'awaiting_pickup',
					detail: { ...event.detail, product: order.productId, reissueOf: order.reissueOf }
				},
				new Date(order.createdAt)
			);
		},

		async transition(order, to, event, changes, now) {
			const sets = ['status = ?', 'updated_at = ?', 'revision = revision + 1'];
			const values: unknown[] = [to, now.toISOString()];
			for (const [key, value] of Object.entries(changes)) {
				const column = CHANGEABLE_COLUMNS[key as keyof typeof CHANGEABLE_COLUMNS];
				if (!column) throw new Error(`not a changeable order field: ${key}`);
				sets.push(`${column} = ?`);
				values.push(value);
			}
			const changed = await sql.run(
				`UPDATE orders SET ${sets.join(', ')} WHERE id = ? AND revision = ?`,
				[...values, order.id, order.revision]
			);
			if (changed !== 1) throw new OrderChanged(order.id);
			await queries.audit(
				{ ...event, orderId: order.id, fromStatus: order.status, toStatus: to },
				now
			);
			if (options.webhookEvents && to !== order.status && EVENT_STATUSES.has(to)) {
				await queries.enqueue(
					{
						id: `msg_${randomSecret(16)}`,
						kind: 'webhook',
						orderId: order.id,
						topic: `order.${to}`,
						payload: JSON.stringify({
							orderId: order.id,
							status: to,
							previousStatus: order.status,
							reason: event.event
						})
					},
					now
				);
			}
			return {
				...order,
				...changes,
				status: to,
				updatedAt: now.toISOString(),
				revision: order.revision + 1
			};
		},

		async insertSession(orderId, tokenSha256, now, expiresAt) {
			await sql.run('DELETE FROM sessions WHERE expires_at <= ?', [now.toISOString()]);
			await sql.run(
				'INSERT INTO sessions (token_sha256, order_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
				[tokenSha256, orderId, now.toISOString(), expiresAt.toISOString()]
			);
		},

		async insertCertificate(orderId, certificate, now) {
			await sql.run(
				'INSERT INTO certificates (serial_hex, order_id, der, not_before, not_after, issued_at) VALUES (?, ?, ?, ?, ?, ?)',
				[
					certificate.serialHex,
					orderId,
					Buffer.from(certificate.der),
					certificate.notBefore.toISOString(),
					certificate.notAfter.toISOString(),
					now.toISOString()
				]
			);
		},

		findApiKey(id) {
			return sql.get<ApiKey>(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE id = ?`, [id]);
		},

		listApiKeys() {
			return sql.all<ApiKey>(`SELECT ${API_KEY_COLUMNS} FROM api_keys ORDER BY created_at, id`);
		},

		async insertApiKey(key) {
			await sql.run(
				'INSERT INTO api_keys (id, name, scope, secret_sha256, created_at) VALUES (?, ?, ?, ?, ?)',
				[key.id, key.name, key.scope, key.secretSha256, key.createdAt]
			);
		},

		async revokeApiKey(id, now) {
			const changed = await sql.run(
				'UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
				[now.toISOString(), id]
			);
			return changed === 1;
		},

		async touchApiKey(id, now) {
			await sql.run('UPDATE api_keys SET last_used_at = ? WHERE id = ?', [now.toISOString(), id]);
		},

		findIdempotencyRecord(apiKeyId, keySha256) {
			return sql.get<IdempotencyRecord>(
				`SELECT api_key_id AS "apiKeyId", key_sha256 AS "keySha256", request_hmac AS "requestHmac",
					created_at AS "createdAt", completed_at AS "completedAt", response_status AS "responseStatus",
					response_sealed AS "responseSealed"
				 FROM idempotency_records WHERE api_key_id = ? AND key_sha256 = ?`,
				[apiKeyId, keySha256]
			);
		},

		async insertIdempotencyRecord(record) {
			const inserted = await sql.run(
				`INSERT INTO idempotency_records (api_key_id, key_sha256, request_hmac, created_at)
				 VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
				[record.apiKeyId, record.keySha256, record.requestHmac, record.createdAt]
			);
			return inserted === 1;
		},

		async completeIdempotencyRecord(apiKeyId, keySha256, status, sealed, now) {
			await sql.run(
				`UPDATE idempotency_records SET completed_at = ?, response_status = ?, response_sealed = ?
				 WHERE api_key_id = ? AND key_sha256 = ?`,
				[now.toISOString(), status, sealed, apiKeyId, keySha256]
			);
		},

		async deleteIdempotencyRecord(apiKeyId, keySha256) {
			await sql.run('DELETE FROM idempotency_records WHERE api_key_id = ? AND key_sha256 = ?', [
				apiKeyId,
				keySha256
			]);
		},

		purgeIdempotencyRecords(before) {
			return sql.run('DELETE FROM idempotency_records WHERE created_at < ?', [
				before.toISOString()
			]);
		},

		outboxOf(orderId) {
			return sql.all<OutboxMessage>(
				`SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE order_id = ? ORDER BY created_at, id`,
				[orderId]
			);
		},

		async outboxStats(now) {
			const dayAgo = new Date(now.getTime() - 24 * 3600 * 1000).toISOString();
			return sql.all<OutboxStats>(
				`SELECT kind, status, CAST(count(*) AS INTEGER) AS count, MIN(created_at) AS "oldestCreatedAt"
				 FROM outbox WHERE status = 'queued' OR (status IN ('sent', 'failed') AND created_at >= ?)
				 GROUP BY kind, status ORDER BY kind, status`,
				[dayAgo]
			);
		},

		async enqueue(message, now) {
			await sql.run(
				`INSERT INTO outbox (id, kind, order_id, topic, payload, status, next_attempt_at, created_at)
				 VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)`,
				[
					message.id,
					message.kind,
					message.orderId,
					message.topic,
					message.payload,
					now.toISOString(),
					now.toISOString()
				]
			);
		},

		supersedeUnsent(orderId, kind, now) {
			return sql.run(
				`UPDATE outbox SET status = 'superseded', payload = NULL, sent_at = ?, claim_token = NULL
				 WHERE order_id = ? AND kind = ? AND status IN ('queued', 'failed')`,
				[now.toISOString(), orderId, kind]
			);
		},

		async claimDue(now, claimedUntil, claimToken, limit) {
			// PostgreSQL: rows another instance is claiming at this moment are skipped, not waited for.
			const skipLocked = options.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
			await sql.run(
				`UPDATE outbox SET claimed_until = ?, claim_token = ?, attempts = attempts + 1
				 WHERE id IN (
					SELECT id FROM outbox
					WHERE status = 'queued' AND next_attempt_at <= ?
						AND (claimed_until IS NULL OR claimed_until <= ?)
					ORDER BY next_attempt_at, id LIMIT ? ${skipLocked}
				 )`,
				[claimedUntil.toISOString(), claimToken, now.toISOString(), now.toISOString(), limit]
			);
			return sql.all<OutboxMessage>(
				`SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE claim_token = ? AND status = 'queued'
				 ORDER BY next_attempt_at, id`,
				[claimToken]
			);
		},

		async settleOutbox(id, claimToken, outcome) {
			const changed =
				outcome.status === 'queued'
					? await sql.run(
							`UPDATE outbox SET next_attempt_at = ?, last_response = ?, claimed_until = NULL, claim_token = NULL
							 WHERE id = ? AND claim_token = ? AND status = 'queued'`,
							[outcome.nextAttemptAt.toISOString(), outcome.error, id, claimToken]
						)
					: await sql.run(
							// A failed event keeps its content (nothing secret) so that it can be retried; an
							// e-mail's holds a pickup link, which is never kept once the e-mail is done with.
							`UPDATE outbox SET status = ?, sent_at = ?, last_response = ?,
								payload = ${outcome.status === 'failed' ? "CASE WHEN kind = 'webhook' THEN payload END" : 'NULL'},
								claimed_until = NULL, claim_token = NULL
							 WHERE id = ? AND claim_token = ? AND status = 'queued'`,
							[
								outcome.status,
								outcome.at.toISOString(),
								outcome.status === 'sent' ? outcome.detail : outcome.error,
								id,
								claimToken
							]
						);
			return changed === 1;
		}
	};
	return queries;
}

function fromRow(row: Row): Order {
	return {
		id: row.id as string,
		productId: row.product_id as string,
		subject: JSON.parse(row.subject_json as string) as SubjectAttribute[],
		subjectAltNames: JSON.parse(row.san_json as string) as SubjectAltName[],
		keyPolicy: {
			allowed: JSON.parse(row.key_allowed_json as string) as KeyAlgorithmName[],
			recommended: row.key_recommended as KeyAlgorithmName
		},
		passwordPolicyId: row.password_policy_id as string,
		agreementVersion: row.agreement_version as string,
		agreementSha256: row.agreement_sha256 as string,
		agreementAcceptedAt: row.agreement_accepted_at as string | null,
		validityMonths: row.validity_months as number,
		contact: row.contact as string | null,
		issuanceDelaySeconds: row.issuance_delay_seconds as number | null,
		createdAt: row.created_at as string,
		pickupDeadline: row.pickup_deadline as string,
		reissueOf: row.reissue_of as string | null,
		status: row.status as OrderStatus,
		lockedFrom: row.locked_from as OrderStatus | null,
		linkSecretSha256: row.link_secret_sha256 as Buffer,
		pickupPasswordHash: row.pickup_password_hash as string,
		failedAttempts: row.failed_attempts as number,
		csrDer: row.csr_der as Buffer | null,
		spkiSha256: row.spki_sha256 as string | null,
		requestReceivedAt: row.request_received_at as string | null,
		issueAfter: row.issue_after as string | null,
		issuingUntil: row.issuing_until as string | null,
		collectedAt: row.collected_at as string | null,
		updatedAt: row.updated_at as string,
		revision: row.revision as number,
		notifyEmail: row.notify_email as string | null,
		locale: row.locale as MailLocale,
		delivery: row.delivery as Delivery,
		linkOpenedAt: row.link_opened_at as string | null
	};
}

/** Names are searched in any case, in every script: folded here, not by SQLite's ASCII lower(). */
function foldName(name: string): string {
	return name.toLowerCase();
}

function likeEscaped(text: string): string {
	return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
