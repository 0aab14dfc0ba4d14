/**
 * An applicant who answers every step the instant it can be answered, run inside the page: the
 * bench's clock then holds only the app's own time, not the automation's round trips (each
 * Playwright fill or click costs tens of milliseconds of protocol and actionability checks, which
 * made up about a quarter of the old "fields filled instantly" figure).
 *
 * It acts on the wizard's `data-step` and the steps' form controls, so it needs no texts: the
 * English labels the e2e tests use would tie the bench to one language. Each answer is a task of
 * its own, as a person's input is.
 */
import type { Page } from '@playwright/test';

export interface Answers {
	pickupPassword: string;
	certificatePassword: string;
	/** A value of the key options' algorithm radio, e.g. "P-256". */
	algorithm: string;
}

export interface InstantPickup {
	/** Page clock (ms since navigation started) when the .p12 was offered. */
	offered: number;
	/** The steps in the order they were answered. */
	answered: string[];
}

interface Driver {
	answered: string[];
	offered?: number;
	failed?: string;
}

/** Installs the applicant before the app's own scripts run; read the outcome with `finished`. */
export async function answerInstantly(page: Page, answers: Answers): Promise<void> {
	// tsx compiles this file with esbuild's keepNames, which wraps named functions in a `__name`
	// helper that exists in Node but not in the page the function is sent to.
	await page.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
	await page.addInitScript((given: Answers) => {
		const driver: Driver = { answered: [] };
		(globalThis as unknown as { benchApplicant: Driver }).benchApplicant = driver;
		const type = (input: HTMLInputElement, value: string) => {
			input.value = value;
			input.dispatchEvent(new Event('input', { bubbles: true }));
		};
		// Each step's answer; it returns false while the step's controls are not there yet (lazily
		// loaded steps, a button enabled only once the form is valid).
		const answer: Record<string, (form: HTMLFormElement | null, step: Element) => boolean> = {
			review: (_form, step) => {
				const button = step.querySelector<HTMLButtonElement>('button.primary');
				button?.click();
				return Boolean(button);
			},
			'pickup-password': (form) => {
				const input = form?.querySelector<HTMLInputElement>('input[type=password]');
				if (!form || !input) return false;
				type(input, given.pickupPassword);
				return true;
			},
			'certificate-password': (form) => {
				const inputs = form?.querySelectorAll<HTMLInputElement>('input[type=password]');
				if (!form || !inputs || inputs.length < 2) return false;
				inputs.forEach((input) => type(input, given.certificatePassword));
				return true;
			},
			agreement: (form) => {
				const box = form?.querySelector<HTMLInputElement>('input[type=checkbox]');
				if (!form || !box) return false;
				if (!box.checked) box.click();
				return true;
			},
			'key-options': (form) => {
				const radio = form?.querySelector<HTMLInputElement>(
					`input[name=algorithm][value="${given.algorithm}"]`
				);
				if (!form || !radio) return false;
				radio.click();
				return true;
			}
		};
		let pendingSubmit: HTMLFormElement | null = null;
		let last: { name: string; form: HTMLFormElement | null } | null = null;
		const act = () => {
			const step = document.querySelector('section[data-step]');
			const name = step?.getAttribute('data-step');
			if (!step || !name || driver.offered !== undefined || driver.failed) return;
			if (name === 'done') {
				if (step.querySelector('a[download]')) driver.offered = performance.now();
				return;
			}
			if (name === 'failed') {
				driver.failed = step.textContent?.trim() ?? 'failed';
				return;
			}
			const form = step.querySelector('form');
			if (pendingSubmit && pendingSubmit === form) {
				const submit = form.querySelector<HTMLButtonElement>('button[type=submit]');
				if (submit && !submit.disabled) {
					pendingSubmit = null;
					submit.click();
				}
				return;
			}
			if (last && last.name === name && last.form === form) return;
			const reply = answer[name];
			if (!reply || !reply(form, step)) return;
			driver.answered.push(name);
			last = { name, form };
			pendingSubmit = form;
			actInTask();
		};
		// A person's input arrives as a task of its own. Answering inside the observer's callback (a
		// microtask of whatever task changed the page) merged the app's rendering of a step and its
		// handling of the answer into one task, which the long-task figure then counted as the app's.
		const channel = new MessageChannel();
		let queued = false;
		channel.port1.onmessage = () => {
			queued = false;
			act();
		};
		const actInTask = () => {
			if (queued) return;
			queued = true;
			channel.port2.postMessage(null);
		};
		new MutationObserver(actInTask).observe(document, {
			subtree: true,
			childList: true,
			attributes: true,
			attributeFilter: ['data-step', 'disabled']
		});
	}, answers);
}

/** Waits for the file to be offered; a pickup that fails is an error with the page's words. */
export async function finished(page: Page): Promise<InstantPickup> {
	const handle = await page.waitForFunction(
		() => {
			const driver = (globalThis as unknown as { benchApplicant: Driver }).benchApplicant;
			return driver.offered !== undefined || driver.failed !== undefined ? driver : false;
		},
		null,
		{ timeout: 120_000, polling: 200 }
	);
	const driver = (await handle.jsonValue()) as Driver;
	if (driver.failed) throw new Error(`the pickup failed: ${driver.failed}`);
	return { offered: driver.offered!, answered: driver.answered };
}
