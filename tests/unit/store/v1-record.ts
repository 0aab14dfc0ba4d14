import { orderSummary } from '../components/fixtures.ts';

/**
 * A pickup exactly as the first release stored it (store/schema.ts before schemaVersion): no
 * version, and the order as the server sent it, with whatever extra fields that server added.
 */
export function v1Record(orderId: string, changes: Record<string, unknown> = {}) {
	return {
		orderId,
		linkSecret: 'q3Yx8mZ1vK0pL7sT2wR9aB',
		order: { ...orderSummary({ orderId }), operatorNote: 'not part of the stored order' },
		step: 'requested',
		agreement: { version: '1', acceptedAt: '2026-11-20T10:00:00.000Z' },
		keyChoice: { algorithm: 'P-256', profile: 'modern' },
		wrappedKey: new Uint8Array([1, 2, 3]),
		csrPem: '-----BEGIN CERTIFICATE REQUEST-----',
		session: { token: 'token', expiresAt: '2026-11-20T10:30:00.000Z' },
		createdAt: '2026-11-20T10:00:00.000Z',
		updatedAt: '2026-11-20T10:05:00.000Z',
		...changes
	};
}
