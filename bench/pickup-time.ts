/**
 * Time from opening the e-mailed link to the .p12 being offered, in Debian's Chromium against the
 * real reference server, each step answered by a script in the page the instant it can be (no
 * typing, no automation round trips), in a fresh browser that has finished starting
 * (bench/browser-idle.ts). Median of several runs, with where the time goes
 * (bench/pickup-timeline.ts) and the main thread's longest task; a few runs opened as the browser
 * is launched, as the bench did before, for comparison.
 */
import { pbkdf2Sync } from 'node:crypto';
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { chromiumArgs } from '../playwright.config.ts';
import { startServer } from '../tests/support/server.ts';
import { waitForBrowserStarted, type Settling } from './browser-idle.ts';
import { AT_LAUNCH } from './headlines.ts';
import { answerInstantly, finished } from './instant-applicant.ts';
import {
	LONGEST_TASK,
	longTaskCauses,
	observeLongTasks,
	phases,
	readTimeline
} from './pickup-timeline.ts';
import { median, writeResultsSection } from './results.ts';

const RUNS = 7;
/** Runs per key opened the moment the browser is launched, as this bench did before, for comparison. */
const RUNS_AT_LAUNCH = 3;
const CERTIFICATE_PASSWORD = 'Correct4Horse9Battery';
const LONG_TASK_TARGET_MS = 50;

interface Run {
	total: number;
	phases: Map<string, number>;
	longTasks: string[];
	/** How the browser was waited for before the link was opened; null when it was not. */
	startup: Settling | null;
}

async function onePickup(
	link: string,
	pickupPassword: string,
	algorithm: string,
	opened: 'browser started' | 'at launch'
): Promise<Run> {
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: chromiumArgs
	});
	try {
		const page = await browser.newPage();
		const startup = opened === 'browser started' ? await waitForBrowserStarted(browser) : null;
		await observeLongTasks(page);
		await answerInstantly(page, {
			pickupPassword,
			certificatePassword: CERTIFICATE_PASSWORD,
			algorithm
		});
		await page.goto(link);
		const { offered } = await finished(page);
		const timeline = await readTimeline(page);
		return {
			total: offered,
			phases: phases(timeline),
			longTasks: longTaskCauses(timeline),
			startup
		};
	} finally {
		await browser.close();
	}
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const longTask = (ms: number) => (ms > 0 ? `${ms.toFixed(0)} ms` : 'none of 50 ms or more');

/** A fixed piece of work on one core, timed: how fast the (shared) machine ran around the runs. */
function referenceWork(): number {
	const started = performance.now();
	pbkdf2Sync('reference', 'salt', 600_000, 32, 'sha256');
	return performance.now() - started;
}

export async function measurePickupTime(): Promise<string> {
	const referenceBefore = referenceWork();
	const server = await startServer();
	const byKey = new Map<string, Run[]>();
	const atLaunchByKey = new Map<string, Run[]>();
	const record = (into: Map<string, Run[]>, algorithm: string, run: Run) =>
		(into.get(algorithm) ?? into.set(algorithm, []).get(algorithm)!).push(run);
	try {
		// The keys take turns, and so do the two ways of opening the link, so a machine that slows
		// down for a while (this one's speed varies by a third from minute to minute) slows all alike
		// instead of one whole series.
		for (let run = 0; run < RUNS; run++) {
			for (const algorithm of ['P-256', 'RSA-2048']) {
				const order = await server.createOrder({ keyAllowed: ['RSA-2048', 'P-256'] });
				record(
					byKey,
					algorithm,
					await onePickup(order.link, order.pickupPassword, algorithm, 'browser started')
				);
				if (run >= RUNS_AT_LAUNCH) continue;
				const another = await server.createOrder({ keyAllowed: ['RSA-2048', 'P-256'] });
				record(
					atLaunchByKey,
					algorithm,
					await onePickup(another.link, another.pickupPassword, algorithm, 'at launch')
				);
			}
		}
	} finally {
		await server.stop();
	}
	const referenceAfter = referenceWork();
	const keys = [...byKey.keys()];
	const all = [...byKey.values()];
	const phaseNames = [...new Set(all.flat().flatMap((run) => [...run.phases.keys()]))];
	const phaseRow = (name: string) =>
		`| ${name} | ${all
			.map((runs) => {
				const values = runs.flatMap((run) => run.phases.get(name) ?? []);
				return values.length ? median(values).toFixed(name.includes('count') ? 0 : 1) : '';
			})
			.join(' | ')} |`;
	const longestOf = (run: Run) => run.phases.get(LONGEST_TASK) ?? 0;
	const worst = all.map((runs) => runs.reduce((a, b) => (longestOf(b) > longestOf(a) ? b : a)));
	const longest = worst.map(longestOf);
	const runsOver = all.map((runs) => runs.filter((run) => longestOf(run) > LONG_TASK_TARGET_MS));
	return [
		`Measured ${new Date().toISOString()}: link opened to .p12 offered (the page's clock, from navigation start), every step answered the instant it can be by a script in the page (bench/instant-applicant.ts), ${RUNS} runs each, the keys taking turns, modern profile, a fresh browser per run (cold cache), the link opened once the browser has finished starting (bench/browser-idle.ts), as an applicant's browser is running when they open the e-mail; load average ${loadavg()[0]!.toFixed(1)} at the end (the machine is shared). For scale: Node's PBKDF2-SHA-256 × 600,000 on one core took ${referenceBefore.toFixed(0)} ms before the runs and ${referenceAfter.toFixed(0)} ms after.`,
		'',
		'| key | median | runs |',
		'| --- | --- | --- |',
		...keys.map((key) => timeRow(key, byKey.get(key)!)),
		...[...atLaunchByKey].map(([key, runs]) => timeRow(`${key}${AT_LAUNCH}`, runs)),
		'',
		startupLine(all.flat()),
		'',
		atLaunchLine(atLaunchByKey),
		'',
		`Longest main-thread task from link to file (PerformanceObserver 'longtask', the worst of the runs; target ${LONG_TASK_TARGET_MS} ms): ${keys
			.map(
				(key, i) =>
					`${key} ${longTask(longest[i]!)} (${longest[i]! <= LONG_TASK_TARGET_MS ? 'met' : 'over'}; ${runsOver[i]!.length} of ${RUNS} runs had a task over it)`
			)
			.join(', ')}.`,
		'',
		...keys.map(
			(key, i) =>
				`- ${key}, tasks over 50 ms in that run: ${worst[i]!.longTasks.join('; ') || 'none'}`
		),
		'',
		"Where the time goes, medians in ms from the page's performance timeline (Resource Timing, Server-Timing, the app's measures). Phases overlap where the app runs them together; the rest of the total is rendering and script evaluation.",
		'',
		`| phase | ${keys.join(' | ')} |`,
		`| --- | ${keys.map(() => '---').join(' | ')} |`,
		...phaseNames.map(phaseRow)
	].join('\n');
}

/** What waiting for the browser took: the CPU it would otherwise have taken from the pickup. */
function startupLine(runs: readonly Run[]): string {
	const waits = runs.flatMap((run) => (run.startup ? [run.startup] : []));
	const unsettled = waits.filter((wait) => !wait.settled).length;
	return `The browser, launched with an empty profile, used a median of ${median(waits.map((wait) => wait.cpuMs)).toFixed(0)} ms of CPU (its processes together) in the ${median(waits.map((wait) => wait.waitedMs)).toFixed(0)} ms it took to finish starting${unsettled ? `; ${unsettled} of ${waits.length} browsers never settled and were used after ${(waits.find((wait) => !wait.settled)!.waitedMs / 1000).toFixed(0)} s` : ''}.`;
}

function timeRow(label: string, runs: readonly Run[]): string {
	const totals = runs.map((run) => run.total);
	return `| ${label} | ${seconds(median(totals))} | ${totals.map((t) => (t / 1000).toFixed(2)).join(', ')} |`;
}

function atLaunchLine(byKey: ReadonlyMap<string, Run[]>): string {
	const longest = [...byKey].map(
		([key, runs]) =>
			`${key} ${longTask(Math.max(...runs.map((run) => run.phases.get(LONGEST_TASK) ?? 0)))}`
	);
	return `The rows "${AT_LAUNCH.slice(2)}" are how this bench ran until 2026-12-01, for comparison: ${RUNS_AT_LAUNCH} runs each, taking turns with the others, the pickup sharing the two cores with the browser's own start. Their longest main-thread tasks: ${longest.join(', ')}.`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const table = await measurePickupTime();
	await writeResultsSection('Pickup time', table);
	console.log(table);
}
