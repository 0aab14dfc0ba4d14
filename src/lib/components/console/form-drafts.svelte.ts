/**
 * What a screen's forms hold, kept by the shell while the screen is open: a change of language
 * redraws the screen, and its forms take back what was typed from here. Kept in memory only, never
 * in storage (a pickup password may be among it); a new screen, or someone else signed in, starts
 * with empty forms.
 */
import { getContext, setContext } from 'svelte';
import { consoleSession } from './console-session.svelte.ts';

const CONTEXT = 'console-form-drafts';

class FormDrafts {
	#forms = new Map<string, object>();
	#owner: string | undefined;

	/** The form named, as last left, made by `initial` the first time and for another person. */
	get<T extends object>(name: string, owner: string | undefined, initial: () => T): T {
		if (owner !== this.#owner) {
			this.#forms.clear();
			this.#owner = owner;
		}
		const kept = this.#forms.get(name);
		if (kept) return kept as T;
		const form = $state(initial());
		this.#forms.set(name, form);
		return form;
	}
}

/** For the shell: its screen's forms are kept until it is left. */
export function provideFormDrafts(): void {
	setContext(CONTEXT, new FormDrafts());
}

/**
 * A screen's form state, to be changed in place: call while the screen is made. Outside a shell
 * (a screen on its own, as in a unit test) a form of its own.
 */
export function formDraft<T extends object>(name: string, initial: () => T): T {
	const drafts = getContext<FormDrafts | undefined>(CONTEXT) ?? new FormDrafts();
	return drafts.get(name, consoleSession.person?.id, initial);
}
