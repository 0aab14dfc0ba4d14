/**
 * axe-core on a page, with the WCAG 2.2 A and AA rules and axe's best practices: what every screen
 * of the app and the console must pass.
 */
import axe from 'axe-core';
import { expect, type Page } from '@playwright/test';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** The page's window once injectAxe has run. */
type WithAxe = { axe: typeof axe };

/**
 * Puts axe into each frame of the page that lacks it. A page keeps it until it navigates, so the
 * checks of one screen in five languages compile its 560 KB once, not five times (the wrapper
 * @axe-core/playwright evaluated it twice per check, which cost more than the check itself).
 */
async function injectAxe(page: Page): Promise<void> {
	for (const frame of page.frames()) {
		if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(axe.source);
	}
}

/** Each violation as "rule: the elements' selectors". */
export async function axeViolations(page: Page): Promise<string[]> {
	await injectAxe(page);
	// axe.run in the page itself (same-origin frames included, through the axe in each) with details
	// for violations only, reduced to rule and selectors before they leave the page.
	return page.evaluate(async (tags) => {
		const { violations } = await (window as unknown as WithAxe).axe.run(document, {
			runOnly: { type: 'tag', values: tags },
			resultTypes: ['violations']
		});
		return violations.map(
			(violation) =>
				`${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`
		);
	}, TAGS);
}

export async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
	expect(await axeViolations(page), `axe on "${screen}"`).toEqual([]);
}
