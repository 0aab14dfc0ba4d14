/**
 * Lighthouse (performance, accessibility, best practices) in Debian's Chromium against the real
 * reference server: the start page and the first pickup step an applicant sees from the e-mail.
 * Targets: accessibility and best practices 100, performance at least 95. The browser is let
 * finish starting first (bench/browser-idle.ts), and each page is audited a few times: its
 * performance score, from CPU timings scaled to a slow phone, moves by several points between two
 * runs on this shared machine.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type RunnerResult } from 'lighthouse';
import { chromiumArgs } from '../playwright.config.ts';
import { startServer } from '../tests/support/server.ts';
import { waitForIdle } from './browser-idle.ts';
import { processTreeCpuMs } from './process-cpu.ts';
import { median, writeResultsSection } from './results.ts';

const RUNS = 3;

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
		await waitForIdle(processTreeCpuMs(chrome.pid));
		for (const [label, page] of [
			['start page', async () => `${server.origin}/`],
			['pickup link (order review)', async () => (await server.createOrder()).link]
		] as const) {
			const results: RunnerResult[] = [];
			for (let run = 0; run < RUNS; run++) {
				const url = await page();
				const result = await lighthouse(url, {
					port: chrome.port,
					output: 'json',
					logLevel: 'error',
					onlyCategories: [...CATEGORIES]
				});
				if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
				results.push(result);
			}
			const cells = CATEGORIES.map((category) => {
				const scores = results.map((result) => result.lhr.categories[category]?.score);
				// A category Lighthouse could not score (a page error, no paint) is said so, not shown as 0.
				const unscored = results.find((_, index) => typeof scores[index] !== 'number');
				if (unscored) return `no score (${unscored.lhr.runtimeError?.code ?? 'not scored'})`;
				const percents = scores.map((score) => Math.round((score as number) * 100));
				const middle = median(percents);
				return `${middle}${middle >= TARGETS[category] ? '' : ' (below target)'} (${percents.join(', ')})`;
			});
			rows.push(`| ${label} | ${cells.join(' | ')} |`);
			// What the run with the median performance score found.
			const byPerformance = [...results].sort(
				(a, b) =>
					(a.lhr.categories.performance?.score ?? 0) - (b.lhr.categories.performance?.score ?? 0)
			);
			const { lhr } = byPerformance[Math.floor(RUNS / 2)]!;
			for (const warning of lhr.runWarnings) findings.push(`- ${label}: warning: ${warning}`);
			for (const audit of Object.values(lhr.audits)) {
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
		`Measured ${new Date().toISOString()} with Lighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } })).default.version}, default mobile emulation and simulated throttling, once the browser had finished starting. Each score is the median of ${RUNS} audits, each run's in brackets; the findings are those of the run with the median performance score.`,
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
