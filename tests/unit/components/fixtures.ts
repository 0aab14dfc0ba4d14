import type { OrderSummary } from '../../../src/lib/api/types.ts';

export function orderSummary(overrides: Partial<OrderSummary> = {}): OrderSummary {
	return {
		orderId: 'ord_test_1',
		status: 'awaiting_pickup',
		product: { id: 'personal-sign-pro', name: 'Personal certificate' },
		subject: [
			{ type: 'C', value: 'BE' },
			{ type: 'O', value: 'Example BV' },
			{ type: 'CN', value: 'Jan Peeters' },
			{ type: 'emailAddress', value: 'jan@example.be' }
		],
		subjectAltNames: [{ type: 'email', value: 'jan@example.be' }],
		validityMonths: 36,
		issuer: 'Example Issuing CA',
		pickupDeadline: new Date(Date.now() + 29.5 * 86_400_000).toISOString(),
		isReissue: false,
		keyPolicy: { allowed: ['RSA-2048', 'P-256'], recommended: 'P-256' },
		passwordPolicy: {
			id: 'letters-digits-12',
			minLength: 12,
			maxLength: 128,
			lettersAndDigitsOnly: true,
			requiredCharacterClasses: 0
		},
		agreement: { version: '1', title: 'Subscriber agreement', text: 'Terms', sha256: '00' },
		pickupAttemptsLeft: 5,
		contact: 'support@ca.example',
		...overrides
	};
}

/** The files of an issued certificate, as the done steps receive them. */
export const issuedFiles = {
	certificate: {
		subject: 'CN=Jan Peeters',
		issuer: 'CN=Test CA',
		serialNumber: '0a1b',
		notBefore: '2026-11-26T00:00:00Z',
		notAfter: '2029-11-26T00:00:00Z',
		sha256Fingerprint: 'AA:BB'
	},
	cer: { name: 'Jan-Peeters-o.cer', type: 'application/pkix-cert', data: new Uint8Array([1]) },
	chainPem: { name: 'Jan-Peeters-o.chain.pem', type: 'application/x-pem-file', data: 'PEM' }
};
