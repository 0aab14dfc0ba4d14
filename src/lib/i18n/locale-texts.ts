/**
 * The texts of the languages in use, one chunk per language (scripts/locale-texts-plugin.ts):
 * a language is loaded before anything is shown in it, and every message then reads its text here.
 */
import { getLocale, type Locale } from '$lib/paraglide/runtime.js';
import { textLoaders } from 'virtual:locale-texts';

const loaded = new Map<Locale, readonly string[]>();

export async function loadLocaleTexts(locale: Locale): Promise<void> {
	if (!loaded.has(locale)) loaded.set(locale, (await textLoaders[locale]()).default);
}

/** Text number `index` in `locale`, its `{name}` placeholders filled from `inputs`. */
export function localeText(
	index: number,
	inputs: Record<string, unknown>,
	locale: Locale = getLocale()
): string {
	const texts = loaded.get(locale);
	if (!texts) throw new Error(`the ${locale} texts are used before they were loaded`);
	return texts[index]!.replace(/\{(\w+)\}/g, (_, name: string) => `${inputs[name]}`);
}
