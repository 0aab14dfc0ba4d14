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
import {
	CHANGEABLE_COLUMNS,
	OrderChanged,
	type AuditRow,
	type Order,
	type OrderTx,
	type StoredCertificate
} from './types.ts';

/** How a store runs one statement; `run` returns the number of rows changed. */
export interface Sql {
	all<T>(text: string, params?: unknown[]): Promise<T[]>;
	get<T>(text: string, params?: unknown[]): Promise<T | undefined>;
	run(text: string, params?: unknown[]): Promise<number>;
}

type Row = Record<string, unknown>;

export function orderQueries(sql: Sql): OrderTx {
	const queries: OrderTx = {
		async findOrder(id) {
			const row = await sql.get<Row>('SELECT * FROM orders WHERE id = ?', [id]);
			return row && fromRow(row);
		},

		async listOrders(filter) {
			const rows = filter.status
				? await sql.all<Row>(
						'SELECT * FROM orders WHERE status = ? ORDER BY created_at DESC LIMIT ?',
						[filter.status, filter.limit]
					)
				: await sql.all<Row>('SELECT * FROM orders ORDER BY created_at DESC LIMIT ?', [
						filter.limit
					]);
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
					pickup_password_hash, updated_at)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'awaiting_pickup', ?, ?, ?)`,
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
					order.createdAt
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
				new Date()
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
		revision: row.revision as number
	};
}
