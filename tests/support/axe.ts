/**
 * axe-core on a page, with the WCAG 2.2 A and AA rules and axe's best practices: what every screen
 * of the app and the console must pass.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** Each violation as "rule: the elements' selectors". */
export async function axeViolations(page: Page): Promise<string[]> {
	// axe.run in the page itself (same-origin frames included; the app has no other) rather than a
	// run per frame finished in a new blank page, and with details for violations only: the same
	// rules and the same violations for about half the CPU (the console's 55 checks: 122 → 65 s).
	const { violations } = await new AxeBuilder({ page })
		.setLegacyMode()
		.options({ resultTypes: ['violations'] })
		.withTags(TAGS)
		.analyze();
	return violations.map(
		(violation) =>
			`${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`
	);
}

export async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
	expect(await axeViolations(page), `axe on "${screen}"`).toEqual([]);
}
