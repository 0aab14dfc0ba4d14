import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import type { AccessibleName, EngineDriver, Role } from './driver.ts';
import { FIELD_ONCE_SHOWN, PAGE_PROBE, TAKE_PROBLEMS } from './page-probe.ts';

/** Chromium through Playwright's own role and label locators and its download events. */
export async function playwrightDriver(
	page: Page,
	close: () => Promise<void>
): Promise<EngineDriver> {
	const problems: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error') problems.push(message.text());
	});
	page.on('pageerror', (error) => problems.push(error.message));
	await page.addInitScript(PAGE_PROBE);
	const byRole = (role: Role, name: AccessibleName) =>
		typeof name === 'string'
			? page.getByRole(role, { name, exact: true })
			: page.getByRole(role, {
					name: new RegExp(`^${name.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)
				});
	const field = (label: string) => page.getByLabel(label, { exact: true });
	return {
		engine: 'chromium',
		async goto(url) {
			await page.goto(url);
		},
		async reload() {
			problems.push(...(await page.evaluate<string[]>(TAKE_PROBLEMS)));
			await page.reload();
		},
		async url() {
			return page.url();
		},
		async isShown(role, name) {
			return byRole(role, name).isVisible();
		},
		async isFocused(role, name) {
			const focused = await byRole(role, name).evaluateAll((nodes) =>
				nodes.some((node) => node === document.activeElement)
			);
			return focused;
		},
		async click(role, name) {
			await byRole(role, name).click();
		},
		async typeOnceShown(label, text) {
			await page.evaluate(`(${FIELD_ONCE_SHOWN})(${JSON.stringify(label)}).then(() => true)`);
			await field(label).pressSequentially(text);
			return field(label).inputValue();
		},
		async text() {
			return page.locator('body').innerText();
		},
		async evaluate<T>(expression: string) {
			return page.evaluate<T>(expression);
		},
		async download(linkName) {
			const downloading = page.waitForEvent('download');
			await byRole('link', linkName).click();
			const download = await downloading;
			return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
		},
		async problems() {
			return [...problems.splice(0), ...(await page.evaluate<string[]>(TAKE_PROBLEMS))];
		},
		async close() {
			await close();
		}
	};
}
