/**
 * The operator console's texts (`console_…` messages), a chunk per language of their own
 * (scripts/locale-texts-plugin.ts), numbered right after the applicant's later texts: once both
 * are loaded, the console's are added to the end of those, where ./locale-texts.ts looks them up.
 * Only the console imports this module, so an applicant's browser never fetches them.
 */
import type { Locale } from '$lib/paraglide/runtime.js';
import { consoleLoaders, laterCount } from 'virtual:locale-texts/console-loaders';
import { loaded, loadLocaleTexts } from './locale-texts.ts';

const loading = new Map<Locale, Promise<void>>();

export function loadConsoleTexts(locale: Locale): Promise<void> {
	let pending = loading.get(locale);
	if (!pending) {
		pending = Promise.all([loadLocaleTexts(locale), consoleLoaders[locale]()]).then(
			([, { default: texts }]) => {
				const later = loaded.later.get(locale);
				if (later?.length === laterCount) loaded.later.set(locale, [...later, ...texts]);
			}
		);
		// A failed fetch (offline) may be tried again.
		pending.catch(() => loading.delete(locale));
		loading.set(locale, pending);
	}
	return pending;
}
