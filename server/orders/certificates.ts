/** The CA's register of issued certificates, one per order. */
import type { Db } from '../db/database.ts';
import type { IssuedCertificate } from '../issuers/issuer.ts';

export function insertCertificate(
	db: Db,
	orderId: string,
	certificate: IssuedCertificate,
	now: Date
): void {
	db.prepare(
		'INSERT INTO certificates (serial_hex, order_id, der, not_before, not_after, issued_at) VALUES (?, ?, ?, ?, ?, ?)'
	).run(
		certificate.serialHex,
		orderId,
		certificate.der,
		certificate.notBefore.toISOString(),
		certificate.notAfter.toISOString(),
		now.toISOString()
	);
}

export function certificateOf(
	db: Db,
	orderId: string
): { serialHex: string; der: Buffer; notAfter: string } | undefined {
	return db
		.prepare(
			'SELECT serial_hex AS serialHex, der, not_after AS notAfter FROM certificates WHERE order_id = ?'
		)
		.get(orderId) as { serialHex: string; der: Buffer; notAfter: string } | undefined;
}
