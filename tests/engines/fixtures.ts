import { expect, test as base } from '@playwright/test';
import { chromiumArgs } from '../../playwright.config.ts';
import { serveOrders } from '../e2e/fixtures.ts';
import type { RunningServer } from '../support/server.ts';
import type { EngineDriver } from './driver.ts';
import { firefoxDriver, launchFirefox } from './firefox-driver.ts';
import { playwrightDriver } from './playwright-driver.ts';
import { SessionStartTimeout, startWebKitDriver, webkitDriver } from './webkit-driver.ts';

export type Engine = 'chromium' | 'firefox' | 'webkit';

/** A browser of one engine kept for a worker's life; each test gets a fresh page with its own storage. */
interface RunningBrowser {
	newDriver(): Promise<EngineDriver>;
	stop(): Promise<void>;
}

type Playwright = typeof import('@playwright/test');

/** A new WebKit session takes seconds; one that has not started in a minute never will. */
const SESSION_START_LIMIT_MS = 60_000;

const launchers: Record<Engine, (playwright: Playwright) => Promise<RunningBrowser>> = {
	async chromium(playwright) {
		const browser = await playwright.chromium.launch({
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: chromiumArgs
		});
		return {
			async newDriver() {
				const context = await browser.newContext({ acceptDownloads: true });
				return playwrightDriver(await context.newPage(), () => context.close());
			},
			stop: () => browser.close()
		};
	},
	async firefox() {
		const browser = await launchFirefox();
		return { newDriver: () => firefoxDriver(browser), stop: () => browser.close() };
	},
	async webkit() {
		let server = await startWebKitDriver();
		return {
			async newDriver() {
				try {
					return await webkitDriver(server, SESSION_START_LIMIT_MS);
				} catch (failure) {
					if (!(failure instanceof SessionStartTimeout)) throw failure;
					// Now and then a MiniBrowser never answers its driver's new session under Xvfb: that
					// is the harness, not the app, so the walk gets one new driver, and the log says so.
					console.warn(`${failure.message}: starting WebKitWebDriver again`);
					await server.stop();
					server = await startWebKitDriver();
					return webkitDriver(server, SESSION_START_LIMIT_MS);
				}
			},
			stop: () => server.stop()
		};
	}
};

/** The pickup walk in the engine the Playwright project names, against one reference server per worker. */
export const test = base.extend<
	{ driver: EngineDriver },
	{ engine: Engine; server: RunningServer; browserOfEngine: RunningBrowser }
>({
	engine: ['chromium', { option: true, scope: 'worker' }],
	server: [serveOrders, { scope: 'worker' }],
	browserOfEngine: [
		async ({ engine, playwright }, use) => {
			const browser = await launchers[engine](playwright as Playwright);
			await use(browser);
			await browser.stop();
		},
		{ scope: 'worker' }
	],
	driver: async ({ browserOfEngine }, use) => {
		const driver = await browserOfEngine.newDriver();
		let problems: string[];
		try {
			await use(driver);
			problems = await driver.problems();
		} finally {
			await driver.close();
		}
		expect(problems, 'console errors, uncaught exceptions or CSP violations').toEqual([]);
	}
});

export { expect };
