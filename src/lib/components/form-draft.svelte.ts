/**
 * What the applicant has entered in a step, held outside the step's component. The layout
 * re-creates every component when the language changes ({#key locale} in +layout.svelte), and
 * fields held in the component would come back empty. Memory only, never stored.
 *
 * One draft at a time: a step asking under another scope (another step, or the same step of
 * another order) starts afresh, so nothing typed for one step or order shows up in another.
 */
let current: { scope: string; values: object } | null = null;

/** The step's fields, reactive: the ones it had under this scope, or `initial`. */
export function formDraft<T extends object>(scope: string, initial: T): T {
	if (current?.scope !== scope) {
		const values = $state(initial);
		current = { scope, values };
	}
	return current.values as T;
}
