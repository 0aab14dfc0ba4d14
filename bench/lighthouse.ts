/**
 * Lighthouse (performance, accessibility, best practices) in Debian's Chromium against the real
 * reference server: the start page and the first pickup step an applicant sees from the e-mail.
 * Targets: accessibility and best practices 100, performance at least 95.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromiumArgs } from '../playwright.config.ts';
import { startServer } from '../tests/support/server.ts';
import { writeResultsSection } from './results.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
const TARGETS: Record<(typeof CATEGORIES)[number], number> = {
	performance: 95,
	accessibility: 100,
	'best-practices': 100
};

export async function measureLighthouse(): Promise<string> {
	const server = await startServer();
	const chrome = await chromeLauncher.launch({
		chromePath: '/usr/bin/chromium',
		chromeFlags: ['--headless=new', ...chromiumArgs]
	});
	const rows: string[] = [];
	const findings: string[] = [];
	try {
		const order = await server.createOrder();
		for (const [label, url] of [
			['start page', `${server.origin}/`],
			['pickup link (order review)', order.link]
		] as const) {
			const result = await lighthouse(url, {
				port: chrome.port,
				output: 'json',
				logLevel: 'error',
				onlyCategories: [...CATEGORIES]
			});
			if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
			// A category Lighthouse could not score (a page error, no paint) is said so, not shown as 0.
			const failure = result.lhr.runtimeError?.code ?? 'not scored';
			const cells = CATEGORIES.map((category) => {
				const score = result.lhr.categories[category]?.score;
				if (score === null || score === undefined) return `no score (${failure})`;
				const percent = Math.round(score * 100);
				return `${percent}${percent >= TARGETS[category] ? '' : ' (below target)'}`;
			});
			rows.push(`| ${label} | ${cells.join(' | ')} |`);
			for (const warning of result.lhr.runWarnings)
				findings.push(`- ${label}: warning: ${warning}`);
			for (const audit of Object.values(result.lhr.audits)) {
				if (audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative') {
					findings.push(
						`- ${label}: ${audit.id} (${Math.round(audit.score * 100)}): ${audit.title}`
					);
				}
			}
		}
	} finally {
		chrome.kill();
		await server.stop();
	}
	return [
		`Measured ${new Date().toISOString()} with Lighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } })).default.version}, default mobile emulation and simulated throttling.`,
		'',
		`| page | ${CATEGORIES.join(' | ')} |`,
		`| --- | ${CATEGORIES.map(() => '---').join(' | ')} |`,
		...rows,
		`| target | ${CATEGORIES.map((category) => TARGETS[category]).join(' | ')} |`,
		'',
		findings.length
			? 'Audits below 90, and Lighthouse warnings:\n\n' + findings.join('\n')
			: 'No audit scored below 90, and Lighthouse gave no warning.'
	].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const table = await measureLighthouse();
	await writeResultsSection('Lighthouse', table);
	console.log(table);
}
