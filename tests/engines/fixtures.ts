import { expect, test as base } from '@playwright/test';
import { chromiumArgs } from '../../playwright.config.ts';
import { serveOrders } from '../e2e/fixtures.ts';
import type { RunningServer } from '../support/server.ts';
import type { EngineDriver } from './driver.ts';
import { firefoxDriver, launchFirefox } from './firefox-driver.ts';
import { playwrightDriver } from './playwright-driver.ts';
import { startWebKitDriver, webkitDriver } from './webkit-driver.ts';

export type Engine = 'chromium' | 'firefox' | 'webkit';

/** A browser of one engine kept for a worker's life; each test gets a fresh page with its own storage. */
interface RunningBrowser {
	newDriver(): Promise<EngineDriver>;
	stop(): Promise<void>;
}

type Playwright = typeof import('@playwright/test');

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
		const server = await startWebKitDriver();
		return { newDriver: () => webkitDriver(server), stop: () => server.stop() };
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
