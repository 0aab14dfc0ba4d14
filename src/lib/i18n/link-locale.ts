/**
 * The order's language, carried in the pickup link's fragment (`#o=…&s=…&l=nl`) beside the order
 * id and link secret: the CA knows the applicant's language, so the app opens in it, unless the
 * applicant already chose a language on this device.
 */
import { isLocale, type Locale } from '$lib/paraglide/runtime.js';

export function linkLocale(fragment: string): Locale | undefined {
	const language = new URLSearchParams(fragment.replace(/^#/, '')).get('l');
	return language !== null && isLocale(language) ? language : undefined;
}
