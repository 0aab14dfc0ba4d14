/**
 * The order table: reading orders, and changing their status only through `transition`, which
 * checks the expected current status in the same statement and writes the audit entry in the same
 * transaction, so two racing requests cannot both move an order and no change goes unrecorded.
 */
import type {
	KeyAlgorithmName,
	OrderStatus,
	SubjectAltName,
	SubjectAttribute
} from '../../src/lib/api/types.ts';
import type { Db } from '../db/database.ts';
import { audit, type AuditEntry } from './audit.ts';

export interface Order {
	id: string;
	productId: string;
	subject: SubjectAttribute[];
	subjectAltNames: SubjectAltName[];
	keyPolicy: { allowed: KeyAlgorithmName[]; recommended: KeyAlgorithmName };
	passwordPolicyId: string;
	agreementVersion: string;
	agreementSha256: string;
	agreementAcceptedAt: string | null;
	validityMonths: number;
	contact: string | null;
	/** Overrides the product's and the global issuance delay when set. */
	issuanceDelaySeconds: number | null;
	createdAt: string;
	pickupDeadline: string;
	reissueOf: string | null;
	status: OrderStatus;
	lockedFrom: OrderStatus | null;
	linkSecretSha256: Buffer;
	pickupPasswordHash: string;
	failedAttempts: number;
	csrDer: Buffer | null;
	spkiSha256: string | null;
	requestReceivedAt: string | null;
	issueAfter: string | null;
	collectedAt: string | null;
	updatedAt: string;
	revision: number;
}

/** Statuses after which nothing more can happen to an order. */
export const FINAL_STATUSES: ReadonlySet<OrderStatus> = new Set([
	'collected',
	'expired',
	'cancelled'
]);

type Row = Record<string, unknown>;

/** The fields that change after creation, and their columns. */
const COLUMNS = {
	agreementAcceptedAt: 'agreement_accepted_at',
	lockedFrom: 'locked_from',
	failedAttempts: 'failed_attempts',
	csrDer: 'csr_der',
	spkiSha256: 'spki_sha256',
	requestReceivedAt: 'request_received_at',
	issueAfter: 'issue_after',
	collectedAt: 'collected_at'
} as const satisfies Partial<Record<keyof Order, string>>;

export type OrderChanges = Partial<Pick<Order, keyof typeof COLUMNS>>;

/** What creating an order takes: everything but the fields that change later and the bookkeeping. */
export type NewOrder = Omit<Order, keyof typeof COLUMNS | 'status' | 'updatedAt' | 'revision'>;

export function insertOrder(
	db: Db,
	order: NewOrder,
	event: Omit<AuditEntry, 'orderId' | 'event'>
): void {
	db.transaction(() => {
		db.prepare(
			`INSERT INTO orders (id, product_id, subject_json, san_json, key_allowed_json, key_recommended,
				password_policy_id, agreement_version, agreement_sha256, validity_months, contact,
				issuance_delay_seconds, created_at, pickup_deadline, reissue_of, status, link_secret_sha256,
				pickup_password_hash, updated_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'awaiting_pickup', ?, ?, ?)`
		).run(
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
		);
		audit(db, {
			...event,
			orderId: order.id,
			event: 'order_created',
			toStatus: 'awaiting_pickup',
			detail: { ...event.detail, product: order.productId, reissueOf: order.reissueOf }
		});
	})();
}

export function findOrder(db: Db, id: string): Order | undefined {
	const row = db.prepare('SELECT * FROM orders WHERE id = ?').get(id) as Row | undefined;
	return row && fromRow(row);
}

export function listOrders(db: Db, filter: { status?: OrderStatus; limit: number }): Order[] {
	const rows = filter.status
		? db
				.prepare('SELECT * FROM orders WHERE status = ? ORDER BY created_at DESC LIMIT ?')
				.all(filter.status, filter.limit)
		: db.prepare('SELECT * FROM orders ORDER BY created_at DESC LIMIT ?').all(filter.limit);
	return (rows as Row[]).map(fromRow);
}

export function countOrders(db: Db): number {
	return (db.prepare('SELECT count(*) AS n FROM orders').get() as { n: number }).n;
}

/** Another order whose request carried this public key, if any. */
export function orderWithKey(
	db: Db,
	spkiSha256: string,
	exceptOrderId: string
): string | undefined {
	const row = db
		.prepare('SELECT id FROM orders WHERE spki_sha256 = ? AND id <> ? LIMIT 1')
		.get(spkiSha256, exceptOrderId) as { id: string } | undefined;
	return row?.id;
}

/**
 * Moves `order` from its current status to `to` (which may equal it, for changes that keep the
 * status), applying `changes`; returns false when another request changed the order first.
 */
export function transition(
	db: Db,
	order: Order,
	to: OrderStatus,
	event: Omit<AuditEntry, 'orderId' | 'fromStatus' | 'toStatus'>,
	changes: OrderChanges = {},
	now = new Date()
): boolean {
	const sets = ['status = ?', 'updated_at = ?', 'revision = revision + 1'];
	const values: unknown[] = [to, now.toISOString()];
	for (const [key, value] of Object.entries(changes)) {
		const column = COLUMNS[key as keyof typeof COLUMNS];
		if (!column) throw new Error(`not a changeable order field: ${key}`);
		sets.push(`${column} = ?`);
		values.push(value);
	}
	return db.transaction(() => {
		const result = db
			.prepare(`UPDATE orders SET ${sets.join(', ')} WHERE id = ? AND revision = ?`)
			.run(...values, order.id, order.revision);
		if (result.changes !== 1) return false;
		audit(db, { ...event, orderId: order.id, fromStatus: order.status, toStatus: to }, now);
		return true;
	})();
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
		collectedAt: row.collected_at as string | null,
		updatedAt: row.updated_at as string,
		revision: row.revision as number
	};
}
