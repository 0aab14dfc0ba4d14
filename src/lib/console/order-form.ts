/**
 * The create-order form: what staff type, checked as the server checks it (server/orders/operator.ts
 * and server/http/operator-input.ts), so most mistakes are shown beside their field before anything
 * is sent; a refusal the server still gives is tied to the same field by its `field`.
 */
import type { CreateOrderBody, Delivery, Locale } from './types.ts';

export const PRODUCTS = ['personal-sign-pro', 'org-tls-server', 'tls-server'] as const;
export type ProductId = (typeof PRODUCTS)[number];

export type PasswordMode = 'typed' | 'generated';

export interface OrderForm {
	productId: ProductId;
	commonName: string;
	email: string;
	organization: string;
	organizationIdentifier: string;
	country: string;
	locale: Locale;
	delivery: Delivery;
	passwordMode: PasswordMode;
	password: string;
	passwordRepeat: string;
}

export type OrderField = Exclude<keyof OrderForm, 'passwordMode'>;

/** Why a field is refused; the console words each in the staff's language. */
export type FieldError =
	| 'required'
	| 'too_long'
	| 'not_visible'
	| 'email_invalid'
	| 'country_invalid'
	| 'dns_invalid'
	| 'password_short'
	| 'password_mismatch'
	| 'invalid';

export type FieldErrors = Partial<Record<OrderField, FieldError>>;

export function emptyOrderForm(locale: Locale = 'en'): OrderForm {
	return {
		productId: 'personal-sign-pro',
		commonName: '',
		email: '',
		organization: '',
		organizationIdentifier: '',
		country: '',
		locale,
		delivery: 'email',
		passwordMode: 'typed',
		password: '',
		passwordRepeat: ''
	};
}

/** Which subject fields each product asks for (server/catalog.ts's requiredSubject). */
export const PRODUCT_FIELDS: Record<ProductId, { required: OrderField[]; dnsName: boolean }> = {
	'personal-sign-pro': { required: ['commonName', 'email'], dnsName: false },
	'org-tls-server': {
		required: ['commonName', 'organization', 'organizationIdentifier', 'country'],
		dnsName: true
	},
	'tls-server': { required: ['commonName', 'organization', 'country'], dnsName: true }
};

export const MIN_PICKUP_PASSWORD = 8;
const PASSWORD_MAX = 1024;
/** RFC 5280's upper bounds, as src/lib/pki/name.ts applies them. */
const MAX_LENGTH: Partial<Record<OrderField, number>> = {
	commonName: 64,
	organization: 64,
	organizationIdentifier: 64,
	email: 254
};
const NOT_VISIBLE = /[\p{C}\p{Zl}\p{Zp}]/u;
// server/orders/operator.ts's, so what passes here passes there.
const EMAIL =
	/^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const DNS =
	/^(?:\*\.)?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const COUNTRY = /^[A-Z]{2}$/;

/** Whether a field is shown for the product and delivery chosen. */
export function fieldShown(form: OrderForm, field: OrderField): boolean {
	if (field === 'organizationIdentifier') return form.productId === 'org-tls-server';
	if (field === 'password' || field === 'passwordRepeat') return form.passwordMode === 'typed';
	return true;
}

export function fieldRequired(form: OrderForm, field: OrderField): boolean {
	if (field === 'email' && form.delivery === 'email') return true;
	if (field === 'password' || field === 'passwordRepeat') return form.passwordMode === 'typed';
	return PRODUCT_FIELDS[form.productId].required.includes(field);
}

/** Every field's problem, none when the form can be sent. */
export function validateOrderForm(form: OrderForm): FieldErrors {
	const errors: FieldErrors = {};
	const textFields: OrderField[] = [
		'commonName',
		'email',
		'organization',
		'organizationIdentifier',
		'country'
	];
	for (const field of textFields) {
		if (!fieldShown(form, field)) continue;
		const value = form[field].trim();
		if (value === '') {
			if (fieldRequired(form, field)) errors[field] = 'required';
			continue;
		}
		if (NOT_VISIBLE.test(value)) errors[field] = 'not_visible';
		else if ([...value].length > (MAX_LENGTH[field] ?? 256)) errors[field] = 'too_long';
	}
	const email = form.email.trim();
	if (!errors.email && email && !EMAIL.test(email)) errors.email = 'email_invalid';
	const country = form.country.trim();
	if (!errors.country && country && !COUNTRY.test(country.toUpperCase()))
		errors.country = 'country_invalid';
	const name = form.commonName.trim();
	if (!errors.commonName && name && PRODUCT_FIELDS[form.productId].dnsName && !DNS.test(name))
		errors.commonName = 'dns_invalid';
	if (form.passwordMode === 'typed') {
		if (form.password === '') errors.password = 'required';
		else if ([...form.password].length < MIN_PICKUP_PASSWORD) errors.password = 'password_short';
		else if (form.password.length > PASSWORD_MAX) errors.password = 'too_long';
		if (!errors.password && form.passwordRepeat !== form.password)
			errors.passwordRepeat = 'password_mismatch';
	}
	return errors;
}

/** What the server is sent: only the fields the product takes, trimmed, country in capitals. */
export function orderBody(form: OrderForm): CreateOrderBody {
	const body: CreateOrderBody = {
		productId: form.productId,
		commonName: form.commonName.trim(),
		locale: form.locale,
		delivery: form.delivery
	};
	const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
	const email = optional(form.email);
	if (email) body.email = email;
	const organization = optional(form.organization);
	if (organization) body.organization = organization;
	if (form.productId === 'org-tls-server') {
		const identifier = optional(form.organizationIdentifier);
		if (identifier) body.organizationIdentifier = identifier;
	}
	const country = optional(form.country);
	if (country) body.country = country.toUpperCase();
	if (form.passwordMode === 'typed') body.pickupPassword = form.password;
	return body;
}

/** The form field a server refusal names (its `field`), when it is one of the form's. */
export function formFieldOf(serverField: string | undefined): OrderField | undefined {
	switch (serverField) {
		case 'commonName':
		case 'email':
		case 'organization':
		case 'organizationIdentifier':
		case 'country':
		case 'productId':
		case 'locale':
		case 'delivery':
			return serverField;
		case 'pickupPassword':
			return 'password';
		// A name made from the subject is wrong where it was typed (server/orders/operator.ts).
		case 'subjectAltNames':
			return 'commonName';
		default:
			return undefined;
	}
}

/** Form fields in the order they are shown: the first with an error gets the focus. */
export const FIELD_ORDER: readonly OrderField[] = [
	'productId',
	'commonName',
	'email',
	'organization',
	'organizationIdentifier',
	'country',
	'locale',
	'delivery',
	'password',
	'passwordRepeat'
];

export function firstErrorField(errors: FieldErrors): OrderField | undefined {
	return FIELD_ORDER.find((field) => errors[field] !== undefined);
}

/** An order's pickup password typed twice on the staff screen, for a reissue. */
export function checkPasswordPair(
	pair: Pick<OrderForm, 'password' | 'passwordRepeat'>
): FieldErrors {
	const errors = validateOrderForm({ ...emptyOrderForm(), ...pair });
	return { password: errors.password, passwordRepeat: errors.passwordRepeat };
}

/**
 * The errors once `field` has been typed in, given what the form's checks say `now`: a marked
 * field loses its mark as soon as it is corrected (and the repeat with the password it repeats),
 * and no field is marked before the form is sent.
 */
export function recheckedErrors(
	errors: FieldErrors,
	now: FieldErrors,
	field: OrderField
): FieldErrors {
	if (!errors[field]) return errors;
	const rechecked = { ...errors, [field]: now[field] };
	if (field === 'password' && rechecked.passwordRepeat)
		rechecked.passwordRepeat = now.passwordRepeat;
	return rechecked;
}
