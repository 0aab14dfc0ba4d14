import { getContext } from 'svelte';

/**
 * The address's query as the console's route gave it (src/routes/operator/[...view]/+page.svelte),
 * for a screen that takes its subject there: call while the screen is made.
 */
export function consoleQuery(): URLSearchParams {
	const search = getContext<(() => string) | undefined>('console-query');
	return new URLSearchParams(search?.() ?? '');
}
