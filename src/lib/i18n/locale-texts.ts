/**
 * The texts of the languages in use, two chunks per language (scripts/locale-texts-plugin.ts): the
 * first screen's, loaded before anything is shown, and the rest, loaded before any later screen
 * (with the pickup engine, on a kiosk, on a change of language). Every message reads its text here.
 */
import { plural } from '$lib/paraglide/registry.js';
import { getLocale, type Locale } from '$lib/paraglide/runtime.js';
import { firstScreenCount, textLoaders, type LocaleText } from 'virtual:locale-texts';

type Part = 'first' | 'later';

/**
 * Each part's texts by language. The operator console's texts, numbered after the rest, are added
 * to the end of the rest by ./console-texts.ts, which only the console loads.
 */
export const loaded: Record<Part, Map<Locale, readonly LocaleText[]>> = {
	first: new Map(),
	later: new Map()
};

async function loadPart(locale: Locale, part: Part): Promise<void> {
	if (!loaded[part].has(locale))
		loaded[part].set(locale, (await textLoaders[locale][part]()).default);
}

/** Only what the first screen shows: the layout, the start page, the pickup page opening. */
export async function loadFirstScreenTexts(locale: Locale): Promise<void> {
	await loadPart(locale, 'first');
}

/** All of a language's texts. */
export async function loadLocaleTexts(locale: Locale): Promise<void> {
	await Promise.all([loadPart(locale, 'first'), loadPart(locale, 'later')]);
}

/**
 * Text number `index` in `locale`, in the plural form its count takes there, its `{name}`
 * placeholders filled from `inputs`.
 */
export function localeText(
	index: number,
	inputs: Record<string, unknown>,
	locale: Locale = getLocale()
): string {
	const first = index < firstScreenCount;
	const texts = loaded[first ? 'first' : 'later'].get(locale);
	if (!texts) {
		const which = first ? 'texts' : 'texts beyond the first screen';
		throw new Error(`the ${locale} ${which} are used before they were loaded`);
	}
	const text = texts[first ? index : index - firstScreenCount]!;
	// Paraglide's own choice of category, so the look-up picks the form its message function would.
	const pattern =
		typeof text === 'string'
			? text
			: (text.forms[plural(locale, inputs[text.plural])] ?? text.forms['*']!);
	return pattern.replace(/\{(\w+)\}/g, (_, name: string) => `${inputs[name]}`);
}
