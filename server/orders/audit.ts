/**
 * The audit log: every state change and every failed attempt, with who, from where, when and what.
 * Callers pass only identifiers and outcomes; nothing here ever receives a secret, so nothing can
 * leak one into the log.
 */
import type { Db } from '../db/database.ts';

export type Actor = 'applicant' | 'operator' | 'system';

export interface AuditEntry {
	orderId: string | null;
	actor: Actor;
	address?: string | null;
	event: string;
	fromStatus?: string | null;
	toStatus?: string | null;
	detail?: Record<string, string | number | boolean | null>;
}

export interface AuditRow {
	id: number;
	at: string;
	orderId: string | null;
	actor: Actor;
	address: string | null;
	event: string;
	fromStatus: string | null;
	toStatus: string | null;
	detail: string | null;
}

export function audit(db: Db, entry: AuditEntry, at = new Date()): void {
	db.prepare(
		`INSERT INTO audit_log (at, order_id, actor, address, event, from_status, to_status, detail)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	).run(
		at.toISOString(),
		entry.orderId,
		entry.actor,
		entry.address ?? null,
		entry.event,
		entry.fromStatus ?? null,
		entry.toStatus ?? null,
		entry.detail ? JSON.stringify(entry.detail) : null
	);
}

export function auditTrail(db: Db, orderId: string): AuditRow[] {
	return db
		.prepare(
			`SELECT id, at, order_id AS orderId, actor, address, event, from_status AS fromStatus, to_status AS toStatus, detail
			 FROM audit_log WHERE order_id = ? ORDER BY id`
		)
		.all(orderId) as AuditRow[];
}
