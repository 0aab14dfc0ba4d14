import { describe, expect, it } from 'vitest';
import {
	checkPasswordPair,
	recheckedErrors,
	emptyOrderForm,
	firstErrorField,
	formFieldOf,
	orderBody,
	validateOrderForm,
	type OrderForm
} from '../../../src/lib/console/order-form.ts';

const filled = (changes: Partial<OrderForm> = {}): OrderForm => ({
	...emptyOrderForm('nl'),
	commonName: 'Jan Peeters',
	email: 'jan@example.be',
	organization: 'Example BV',
	country: 'be',
	password: 'Correct horse 9',
	passwordRepeat: 'Correct horse 9',
	...changes
});

describe('the create-order form', () => {
	it('accepts a complete personal order and sends what the server takes', () => {
		expect(validateOrderForm(filled())).toEqual({});
		expect(orderBody(filled({ commonName: ' Jan Peeters ' }))).toEqual({
			productId: 'personal-sign-pro',
			commonName: 'Jan Peeters',
			email: 'jan@example.be',
			organization: 'Example BV',
			country: 'BE',
			locale: 'nl',
			delivery: 'email',
			pickupPassword: 'Correct horse 9'
		});
	});

	it('asks for what the product and the delivery need', () => {
		const errors = validateOrderForm(filled({ commonName: '', email: '' }));
		expect(errors).toMatchObject({ commonName: 'required', email: 'required' });
		expect(firstErrorField(errors)).toBe('commonName');
		const server = filled({
			productId: 'org-tls-server',
			commonName: 'www.example.be',
			country: ''
		});
		expect(validateOrderForm(server)).toEqual({
			organizationIdentifier: 'required',
			country: 'required'
		});
	});

	it('checks the values as the server does', () => {
		expect(validateOrderForm(filled({ email: 'jan@' })).email).toBe('email_invalid');
		expect(validateOrderForm(filled({ country: 'Belgium' })).country).toBe('country_invalid');
		expect(validateOrderForm(filled({ commonName: 'Jan\u202ePeeters' })).commonName).toBe(
			'not_visible'
		);
		expect(validateOrderForm(filled({ commonName: 'x'.repeat(65) })).commonName).toBe('too_long');
		expect(
			validateOrderForm(filled({ productId: 'tls-server', commonName: 'not a host' })).commonName
		).toBe('dns_invalid');
	});

	it('wants the typed pickup password twice and long enough, or none when generated', () => {
		expect(checkPasswordPair({ password: 'short', passwordRepeat: 'short' }).password).toBe(
			'password_short'
		);
		expect(
			checkPasswordPair({ password: 'long enough 1', passwordRepeat: 'long enough 2' })
				.passwordRepeat
		).toBe('password_mismatch');
		const generated = filled({ passwordMode: 'generated', password: '', passwordRepeat: '' });
		expect(validateOrderForm(generated)).toEqual({});
		expect(orderBody(generated)).not.toHaveProperty('pickupPassword');
	});

	it('unmarks a field once corrected, the repeat with its password, and marks nothing before a send', () => {
		const sent = { password: 'password_short', passwordRepeat: 'password_mismatch' } as const;
		expect(recheckedErrors(sent, {}, 'password')).toEqual({
			password: undefined,
			passwordRepeat: undefined
		});
		expect(recheckedErrors(sent, { password: 'password_short' }, 'passwordRepeat')).toEqual({
			password: 'password_short',
			passwordRepeat: undefined
		});
		expect(recheckedErrors({}, { email: 'email_invalid' }, 'email')).toEqual({});
		expect(
			recheckedErrors(
				{ passwordRepeat: 'password_mismatch' },
				{ passwordRepeat: 'password_mismatch' },
				'password'
			)
		).toEqual({ passwordRepeat: 'password_mismatch' });
	});

	it("ties a server refusal's field to the form's", () => {
		expect(formFieldOf('email')).toBe('email');
		expect(formFieldOf('pickupPassword')).toBe('password');
		expect(formFieldOf('subjectAltNames')).toBe('commonName');
		expect(formFieldOf('issuanceDelaySeconds')).toBeUndefined();
		expect(formFieldOf(undefined)).toBeUndefined();
	});
});
