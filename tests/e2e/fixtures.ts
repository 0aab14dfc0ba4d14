import { expect, test as base } from '@playwright/test';
import { startServer, type RunningServer } from '../support/server.ts';

/** One real reference server per Playwright worker, each with a fresh database and CA. */
export async function serveOrders(
	// Playwright reads a fixture's dependencies from its first parameter's pattern: none here.
	// eslint-disable-next-line no-empty-pattern
	{},
	use: (server: RunningServer) => Promise<void>
): Promise<void> {
	const server = await startServer();
	await use(server);
	await server.stop();
}

export const test = base.extend<{ pageProblems: string[] }, { server: RunningServer }>({
	/** Console errors and uncaught exceptions, CSP violations among them: every test ends with none. */
	pageProblems: [
		async ({ page }, use) => {
			const problems: string[] = [];
			page.on('console', (message) => {
				// The browser logs every 4xx answer and every request made while offline; the API's
				// refusals and the offline runs are part of the tests.
				const refusal =
					/^Failed to load resource: (the server responded with a status of 4\d\d|net::ERR_INTERNET_DISCONNECTED)/;
				if (message.type() === 'error' && !refusal.test(message.text()))
					problems.push(message.text());
			});
			page.on('pageerror', (error) => problems.push(error.message));
			await use(problems);
			expect(problems, 'console errors, uncaught exceptions or CSP violations').toEqual([]);
		},
		{ auto: true }
	],
	server: [serveOrders, { scope: 'worker' }]
});

export { expect };
