import type { Locale } from '$lib/paraglide/runtime.js';

/** Each language in its own words, as the applicant's language switcher names them. */
export const LANGUAGE_NAMES: Record<Locale, string> = {
	en: 'English',
	nl: 'Nederlands',
	fr: 'Français',
	de: 'Deutsch',
	pt: 'Português'
};
