declare module 'virtual:locale-texts' {
	import type { Locale } from '$lib/paraglide/runtime.js';

	/**
	 * A message's text, or for a message in plural forms the input that counts and a text per plural
	 * category (Intl.PluralRules), `*` for every category without its own.
	 */
	export type LocaleText = string | { plural: string; forms: Record<string, string> };
	type Texts = () => Promise<{ default: readonly LocaleText[] }>;

	/** How many messages the first screen shows: they are numbered first. */
	export const firstScreenCount: number;
	/**
	 * Per language, its texts in two chunks: the first screen's, and the rest; numbered as
	 * scripts/locale-texts-plugin.ts's messageKeys orders the messages.
	 */
	export const textLoaders: Record<Locale, { first: Texts; later: Texts }>;
}

declare module 'virtual:locale-texts/console-loaders' {
	import type { Locale } from '$lib/paraglide/runtime.js';
	import type { LocaleText } from 'virtual:locale-texts';

	/** How many texts the applicant's second part holds: the console's are numbered right after. */
	export const laterCount: number;
	/** Per language, the operator console's texts (`console_…`): a chunk an applicant never loads. */
	export const consoleLoaders: Record<Locale, () => Promise<{ default: readonly LocaleText[] }>>;
}
