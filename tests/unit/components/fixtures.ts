import type { OrderSummary } from '../../../src/lib/api/types';

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
