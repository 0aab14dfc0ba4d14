declare module 'virtual:locale-texts' {
	import type { Locale } from '$lib/paraglide/runtime.js';

	type Texts = () => Promise<{ default: readonly string[] }>;

	/** How many messages the first screen shows: they are numbered first. */
	export const firstScreenCount: number;
	/**
	 * Per language, its texts in two chunks: the first screen's, and the rest; numbered as
	 * scripts/locale-texts-plugin.ts's messageKeys orders the messages.
	 */
	export const textLoaders: Record<Locale, { first: Texts; later: Texts }>;
}
