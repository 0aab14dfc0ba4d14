/**
 * Pickup sessions: what a correct pickup password buys, for a short time and for one order only.
 * Stored as SHA-256 of the token so a copy of the database cannot act for an applicant.
 */
import type { Db } from '../db/database.ts';
import { randomSecret, sha256 } from '../secrets.ts';

export function openSession(
	db: Db,
	orderId: string,
	ttlSeconds: number,
	now: Date
): { sessionToken: string; expiresAt: string } {
	const sessionToken = randomSecret(32);
	const expiresAt = new Date(now.getTime() + ttlSeconds * 1000).toISOString();
	db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now.toISOString());
	db.prepare(
		'INSERT INTO sessions (token_sha256, order_id, created_at, expires_at) VALUES (?, ?, ?, ?)'
	).run(sha256(sessionToken), orderId, now.toISOString(), expiresAt);
	return { sessionToken, expiresAt };
}

/** Whether the token is a live session for this order (a lookup by hash needs no constant-time compare). */
export function sessionValid(db: Db, orderId: string, token: string, now: Date): boolean {
	const row = db
		.prepare('SELECT 1 FROM sessions WHERE token_sha256 = ? AND order_id = ? AND expires_at > ?')
		.get(sha256(token), orderId, now.toISOString());
	return row !== undefined;
}
