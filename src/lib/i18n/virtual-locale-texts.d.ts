declare module 'virtual:locale-texts' {
	import type { Locale } from '$lib/paraglide/runtime.js';

	/** Per language, its chunk of texts, numbered as the base language's messages file orders them. */
	export const textLoaders: Record<Locale, () => Promise<{ default: readonly string[] }>>;
}
