/**
 * A browser that has finished starting. Chromium 156 spends about a second of CPU after launch on
 * its own start-up, most of it in a renderer for its omnibox popup (a WebUI page it preloads, even
 * headless). An applicant opens the e-mailed link in a browser that is already running, so the
 * pickup bench opens it once that work is over: on a two-core machine, opened at once, the pickup
 * shared the cores with it and the figure measured the browser's start as much as the app.
 */
import type { Browser } from '@playwright/test';

export interface IdleRule {
	/** How often the browser's CPU time is read. */
	intervalMs: number;
	/** The CPU all its processes may use in one interval and still count as idle. */
	idleCpuMs: number;
	/** How many idle intervals in a row make it settled. */
	idleIntervals: number;
	/** The longest wait: a browser that never settles is used as it is, and says so. */
	latestMs: number;
}

export const BROWSER_STARTED: IdleRule = {
	intervalMs: 100,
	idleCpuMs: 10,
	idleIntervals: 3,
	latestMs: 10_000
};

export interface Settling {
	settled: boolean;
	waitedMs: number;
	/** CPU used by all the browser's processes while it was waited for. */
	cpuMs: number;
}

export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

const realClock: Clock = {
	now: () => performance.now(),
	sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
};

/** Waits until `readCpuMs` (cumulative) grows by at most `idleCpuMs` for `idleIntervals` in a row. */
export async function waitForIdle(
	readCpuMs: () => Promise<number>,
	rule: IdleRule = BROWSER_STARTED,
	clock: Clock = realClock
): Promise<Settling> {
	const started = clock.now();
	const first = await readCpuMs();
	let previous = first;
	let idle = 0;
	while (idle < rule.idleIntervals) {
		if (clock.now() - started >= rule.latestMs) {
			return { settled: false, waitedMs: clock.now() - started, cpuMs: previous - first };
		}
		await clock.sleep(rule.intervalMs);
		const current = await readCpuMs();
		idle = current - previous <= rule.idleCpuMs ? idle + 1 : 0;
		previous = current;
	}
	return { settled: true, waitedMs: clock.now() - started, cpuMs: previous - first };
}

/** The CPU time of all of a Chromium's processes (browser, renderers, GPU, utilities), in ms. */
export async function chromiumCpuMs(browser: Browser): Promise<() => Promise<number>> {
	const session = await browser.newBrowserCDPSession();
	return async () => {
		const { processInfo } = await session.send('SystemInfo.getProcessInfo');
		return processInfo.reduce((sum, process) => sum + process.cpuTime, 0) * 1000;
	};
}

export async function waitForBrowserStarted(browser: Browser): Promise<Settling> {
	return waitForIdle(await chromiumCpuMs(browser));
}
