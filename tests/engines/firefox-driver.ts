import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import {
	describeName,
	sameName,
	type AccessibleName,
	type DownloadedFile,
	type EngineDriver,
	type Role
} from './driver.ts';
import { FIELD_ONCE_SHOWN, PAGE_PROBE, READ_LINK_BLOB, TAKE_PROBLEMS } from './page-probe.ts';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/**
 * Firefox ESR over WebDriver BiDi, headless, with puppeteer's own preferences only: no permission
 * is granted or answered for the app, as for an applicant who ignores every prompt.
 */
export function launchFirefox(): Promise<Browser> {
	return puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX_PATH, headless: true });
}

const ariaValue = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

async function visible(handles: ElementHandle<Node>[]): Promise<ElementHandle<Element>[]> {
	const shown: ElementHandle<Element>[] = [];
	for (const handle of handles) {
		if (await (handle as ElementHandle<Element>).isVisible())
			shown.push(handle as ElementHandle<Element>);
	}
	return shown;
}

/** A fresh browser context (its own storage) of a running Firefox, controls found through its accessibility tree. */
export async function firefoxDriver(browser: Browser): Promise<EngineDriver> {
	const context = await browser.createBrowserContext();
	const page: Page = await context.newPage();
	const problems: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error') problems.push(message.text());
	});
	page.on('pageerror', (error) => problems.push(String(error)));
	await page.evaluateOnNewDocument(PAGE_PROBE);

	const byExactName = async (role: Role, name: string) =>
		visible(await page.$$(`::-p-aria([role=${ariaValue(role)}][name=${ariaValue(name)}])`));
	const findAll = async (role: Role, name: AccessibleName) => {
		if (typeof name === 'string') return byExactName(role, name);
		// ARIA selectors match whole names only: take each element's label text as its name, keep
		// those with the prefix, and keep only those Firefox itself finds under that exact name.
		const found: ElementHandle<Element>[] = [];
		for (const candidate of await visible(await page.$$(`::-p-aria([role=${ariaValue(role)}])`))) {
			const text = await candidate.evaluate((node) =>
				((node as HTMLInputElement).labels?.[0] ?? node).textContent!.replace(/\s+/g, ' ').trim()
			);
			if (!sameName(name, text)) continue;
			for (const named of await byExactName(role, text)) {
				if (await named.evaluate((node, other) => node === other, candidate)) found.push(candidate);
			}
		}
		return found;
	};
	const findOne = async (role: Role, name: AccessibleName) => {
		const [element, ...others] = await findAll(role, name);
		if (!element || others.length > 0)
			throw new Error(
				`expected one ${role} named ${describeName(name)}, found ${others.length + (element ? 1 : 0)}`
			);
		return element;
	};
	const takeProbeProblems = async () =>
		problems.push(...((await page.evaluate(TAKE_PROBLEMS)) as string[]));

	return {
		engine: `firefox ${await browser.version()}`,
		async goto(url) {
			await page.goto(url);
		},
		async reload() {
			await takeProbeProblems();
			await page.reload();
		},
		async url() {
			return page.url();
		},
		async isShown(role, name) {
			return (await findAll(role, name)).length > 0;
		},
		async isFocused(role, name) {
			for (const element of await findAll(role, name)) {
				if (await element.evaluate((node) => node === document.activeElement)) return true;
			}
			return false;
		},
		async click(role, name) {
			await (await findOne(role, name)).click();
		},
		async typeOnceShown(label, text) {
			const handle = await page.evaluateHandle(`(${FIELD_ONCE_SHOWN})(${JSON.stringify(label)})`);
			const field = handle.asElement() as ElementHandle<HTMLInputElement>;
			await field.type(text);
			return field.evaluate((node) => node.value);
		},
		async text() {
			return page.evaluate(() => document.body.innerText);
		},
		async evaluate<T>(expression: string) {
			return (await page.evaluate(expression)) as T;
		},
		async download(linkName): Promise<DownloadedFile> {
			const link = await findOne('link', linkName);
			const read = new Function(`return (${READ_LINK_BLOB}).apply(null, arguments)`) as (
				link: Element
			) => Promise<{ name: string; base64: string }>;
			const { name, base64 } = await link.evaluate(read);
			return { name, bytes: Buffer.from(base64, 'base64') };
		},
		async problems() {
			await takeProbeProblems();
			return problems.splice(0);
		},
		async close() {
			await context.close();
		}
	};
}
