/**
 * The console is no part of an applicant's app: the service worker precaches none of its files,
 * and a kiosk shows a plain "not available" screen where the console would be, fetching none of
 * the console's code.
 */
import { readFileSync } from 'node:fs';
import { CONSOLE_MODULE } from '../../../scripts/console-chunks-plugin.ts';
import { consoleLaunch, expect, test } from './console-fixtures.ts';

test.use({ launchOptions: consoleLaunch });

const OUTPUT = '.svelte-kit/output/client';
const consoleOnly: string[] = JSON.parse(
	readFileSync(`${OUTPUT}/.vite/console-only.json`, 'utf8')
).files;
const chunkModules: Record<string, Record<string, number>> = JSON.parse(
	readFileSync(`${OUTPUT}/.vite/chunk-modules.json`, 'utf8')
);
/** Files holding the console's code or texts (the /operator routes' own glue aside). */
const CONSOLE_CODE =
	/^(src\/lib\/console\/|src\/lib\/components\/console\/|src\/lib\/i18n\/console-texts\.ts$|virtual:locale-texts\/(console-loaders$|[^/]+\/console$))/;
const withConsoleCode = Object.entries(chunkModules)
	.filter(([, modules]) => Object.keys(modules).some((id) => CONSOLE_CODE.test(id)))
	.map(([file]) => file);

test('the service worker precaches no file of the console', async ({ page, consoleServer }) => {
	// Every file with console modules in it, the routes' glue too, is on the build's list.
	const withConsoleModules = Object.entries(chunkModules)
		.filter(([, modules]) => Object.keys(modules).some((id) => CONSOLE_MODULE.test(id)))
		.map(([file]) => file);
	expect(withConsoleCode.length).toBeGreaterThan(5);
	for (const file of withConsoleModules) expect(consoleOnly).toContain(file);

	await page.goto(consoleServer.origin);
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller)
			await new Promise((resolve) =>
				navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true })
			);
	});
	const cached = await page.evaluate(async () => {
		const paths: string[] = [];
		for (const name of await caches.keys())
			for (const request of await (await caches.open(name)).keys())
				paths.push(new URL(request.url).pathname.slice(1));
		return paths;
	});
	// The applicant's app is all there: its crypto worker, and each language's texts.
	expect(cached.some((path) => /^_app\/immutable\/workers\/crypto-worker-/.test(path))).toBe(true);
	expect(cached.filter((path) => path.startsWith('_app/')).length).toBeGreaterThan(30);
	expect(cached.filter((path) => consoleOnly.includes(path))).toEqual([]);
});

test('a kiosk shows no console and fetches none of its code', async ({ page, consoleServer }) => {
	await consoleServer.configure({
		apiBaseUrl: '/',
		kiosk: { officeName: 'Leuven', languages: ['nl', 'en'] }
	});
	const fetched: string[] = [];
	page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
	try {
		for (const path of ['/operator', '/operator/new', '/operator/invite']) {
			await page.goto(`${consoleServer.url}${path}#t=${'x'.repeat(32)}`);
			await expect(
				page.getByRole('heading', { level: 1, name: 'Not available on this kiosk' })
			).toBeVisible();
			await expect(
				page.getByText(/^The operator console cannot be opened on a kiosk\./)
			).toBeVisible();
		}
		await page.waitForLoadState('networkidle');
	} finally {
		await consoleServer.configure({ apiBaseUrl: '/' });
	}
	expect(fetched.filter((path) => path.startsWith('/api/v1/console'))).toEqual([]);
	const code = fetched
		.map((path) => path.slice(1))
		.filter((path) => withConsoleCode.includes(path));
	expect(code).toEqual([]);
	await expect(page.getByRole('button', { name: /passkey/ })).toHaveCount(0);
});
