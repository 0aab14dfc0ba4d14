import type { FieldError, OrderField } from '$lib/console/order-form.ts';
import { MIN_PICKUP_PASSWORD } from '$lib/console/order-form.ts';
import { m } from '$lib/paraglide/messages.js';

/** Why a field is refused, in the staff's language. */
export const FIELD_ERROR_TEXTS: Record<FieldError, () => string> = {
	required: () => m.console_field_required(),
	too_long: () => m.console_field_too_long(),
	not_visible: () => m.console_field_not_visible(),
	email_invalid: () => m.console_field_email_invalid(),
	country_invalid: () => m.console_field_country_invalid(),
	dns_invalid: () => m.console_field_dns_invalid(),
	password_short: () => m.console_field_password_short({ count: MIN_PICKUP_PASSWORD }),
	password_mismatch: () => m.console_field_password_mismatch(),
	invalid: () => m.console_field_invalid()
};

export const FIELD_LABELS: Record<OrderField, () => string> = {
	productId: () => m.console_field_product(),
	commonName: () => m.console_field_holder(),
	email: () => m.console_field_email(),
	organization: () => m.console_field_organization(),
	organizationIdentifier: () => m.console_field_organization_identifier(),
	country: () => m.console_field_country(),
	locale: () => m.console_field_locale(),
	delivery: () => m.console_field_delivery(),
	password: () => m.console_field_password(),
	passwordRepeat: () => m.console_field_password_repeat()
};
