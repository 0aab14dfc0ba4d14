import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, startServer } from '../support/server.ts';
import { expect, test } from './fixtures.ts';
import {
	atStep,
	chooseKey,
	expectWorkingP12,
	stepHeading,
	walkToKeyOptions
} from './pickup-steps.ts';

const run = promisify(execFile);

async function copyOfBuild(): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), 'cert-pickup-build-'));
	await cp('build', dir, { recursive: true });
	return dir;
}

test('one build, configured after the fact, picks up from an API on another origin with no CSP violation', async ({
	page
}) => {
	const [appPort, apiPort] = [await freePort(), await freePort()];
	const appOrigin = `http://127.0.0.1:${appPort}`;
	const apiOrigin = `http://127.0.0.1:${apiPort}`;
	const build = await copyOfBuild();
	await run('npx', [
		'tsx',
		'scripts/configure-deployment.ts',
		'--build',
		build,
		'--api-base-url',
		`${apiOrigin}/`
	]);
	const api = await startServer({
		PORT: String(apiPort),
		CORS_ORIGINS: appOrigin,
		PUBLIC_URL: appOrigin
	});
	const app = await startServer({
		PORT: String(appPort),
		BUILD_DIR: build,
		API_ORIGINS: apiOrigin
	});
	const apiRequests: string[] = [];
	page.on('request', (request) => {
		if (request.url().includes('/api/')) apiRequests.push(request.url());
	});
	try {
		const order = await api.createOrder();
		expect(order.link.startsWith(`${appOrigin}/pickup#`)).toBe(true);
		await page.goto(order.link);
		await walkToKeyOptions(page, order.pickupPassword);
		await chooseKey(page);
		await expectWorkingP12(page);
		expect(apiRequests.length).toBeGreaterThanOrEqual(3);
		expect(apiRequests.every((url) => url.startsWith(`${apiOrigin}/api/v1/`))).toBe(true);
	} finally {
		// The page goes first: requests it still has in flight would fail against stopped servers.
		await page.close();
		await Promise.all([api.stop(), app.stop(), rm(build, { recursive: true, force: true })]);
	}
});

for (const [label, content, expected] of [
	['missing', null, 'could not load its settings'],
	['not JSON', '<html>oops</html>', 'settings are damaged'],
	['pointing at plain http', '{"apiBaseUrl": "http://api.ca.example"}', 'settings are damaged']
] as const) {
	test(`a deployment configuration that is ${label} gives a clear error page`, async ({ page }) => {
		const build = await copyOfBuild();
		if (content === null) await rm(join(build, 'config.json'));
		else await writeFile(join(build, 'config.json'), content);
		const app = await startServer({ BUILD_DIR: build });
		try {
			await page.goto(`${app.origin}/pickup#o=abcd1234&s=q3Yx8mZ1vK0pL7sT2wR9aB`);
			await expect(stepHeading(page, 'This pickup page is not set up correctly')).toBeVisible();
			await expect(page.getByRole('alert')).toContainText(expected);
		} finally {
			await page.close();
			await app.stop();
			await rm(build, { recursive: true, force: true });
		}
	});
}

test('two tabs on one order: the second waits, can take over, and the first is told', async ({
	context,
	server
}) => {
	const order = await server.createOrder();
	const first = await context.newPage();
	await first.goto(order.link);
	await atStep(first, 'Check your order');
	const second = await context.newPage();
	await second.goto(`${server.origin}/pickup?order=${order.orderId}`);
	await atStep(second, 'This pickup is open in another tab');
	await second.getByRole('button', { name: 'Continue the pickup here' }).click();
	await atStep(second, 'Check your order');
	await expect(stepHeading(first, 'This pickup is open in another tab')).toBeVisible();
	await expect(first.getByText('taken over in another tab')).toBeVisible();
});
