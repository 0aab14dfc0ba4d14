import type { ProductId } from '$lib/console/order-form.ts';
import { m } from '$lib/paraglide/messages.js';
import type { Locale } from '$lib/paraglide/runtime.js';

/** Each product's name, in the staff's language or (on the pickup sheet) the applicant's. */
const PRODUCT_TEXTS: Record<ProductId, (locale?: Locale) => string> = {
	'personal-sign-pro': (locale) => m.console_product_personal({}, { locale }),
	'org-tls-server': (locale) => m.console_product_org_tls({}, { locale }),
	'tls-server': (locale) => m.console_product_tls({}, { locale })
};

export function productText(productId: string, locale?: Locale): string {
	return (
		(PRODUCT_TEXTS as Record<string, ((locale?: Locale) => string) | undefined>)[productId]?.(
			locale
		) ?? productId
	);
}
