import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startServer } from '../support/server.ts';
import { expect, test } from './fixtures.ts';
import {
	acceptAgreement,
	atStep,
	CERTIFICATE_PASSWORD,
	chooseCertificatePassword,
	chooseKey,
	enterPickupPassword,
	expectWorkingP12,
	reviewOrder,
	stepHeading,
	walkToKeyOptions,
	openOrder
} from './pickup-steps.ts';

/** Waits until the service worker of this version controls the page. */
async function offlineReady(page: Page): Promise<void> {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller) {
			await new Promise((resolve) =>
				navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true })
			);
		}
	});
}

async function cachedUrls(page: Page): Promise<string[]> {
	return page.evaluate(async () => {
		const urls: string[] = [];
		for (const name of await caches.keys()) {
			for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
		}
		return urls;
	});
}

test('after one visit the app starts with no network', async ({ page, context, server }) => {
	await page.goto(server.origin);
	await offlineReady(page);
	await context.setOffline(true);
	await page.reload();
	await expect(
		page.getByRole('heading', { level: 2, name: 'Pick up your certificate' })
	).toBeVisible();
	const urls = await cachedUrls(page);
	expect(urls.some((url) => url.includes('/_app/immutable/'))).toBe(true);
	await context.setOffline(false);
});

test('a pickup prepared offline is reloaded offline and sends its request by itself when back online', async ({
	page,
	context,
	server
}) => {
	const order = await openOrder(page, server);
	await offlineReady(page);
	await reviewOrder(page);
	await enterPickupPassword(page, order.pickupPassword);
	await atStep(page, 'Choose a certificate password');

	await context.setOffline(true);
	await expect(page.locator('[data-connection="offline"]')).toBeVisible();
	await chooseCertificatePassword(page);
	await acceptAgreement(page);
	await chooseKey(page);
	await expect(page.getByText(/Waiting for the connection to send the request/)).toBeVisible();

	await page.reload();
	await expect(page.getByText(/Waiting for the connection to send the request/)).toBeVisible();
	expect(page.url()).toContain(`order=${order.orderId}`);

	await context.setOffline(false);
	await atStep(page, 'Your certificate has arrived');
	await page.getByLabel('Certificate password').fill(CERTIFICATE_PASSWORD);
	await page.getByRole('button', { name: 'Build my certificate file' }).click();
	await expectWorkingP12(page);

	const urls = await cachedUrls(page);
	expect(
		urls.filter((url) => url.includes('/api/')),
		'API answers are never cached'
	).toEqual([]);
});

test('a certificate already received builds and downloads with no network', async ({
	page,
	context,
	server
}) => {
	const order = await openOrder(page, server);
	await offlineReady(page);
	await walkToKeyOptions(page, order.pickupPassword);
	await chooseKey(page);
	await atStep(page, 'Your certificate is ready');
	await context.setOffline(true);
	await page.reload();
	await atStep(page, 'Your certificate has arrived');
	await page.getByLabel('Certificate password').fill(CERTIFICATE_PASSWORD);
	await page.getByRole('button', { name: 'Build my certificate file' }).click();
	await expectWorkingP12(page);
	await context.setOffline(false);
});

test('a new version offers "update" without interrupting the pickup in progress', async ({
	page
}) => {
	const build = await mkdtemp(join(tmpdir(), 'cert-pickup-build-'));
	await cp('build', build, { recursive: true });
	const app = await startServer({ BUILD_DIR: build });
	try {
		const order = await app.createOrder();
		await page.goto(order.link);
		await offlineReady(page);
		await reviewOrder(page);
		await enterPickupPassword(page, order.pickupPassword);
		await atStep(page, 'Choose a certificate password');
		await page.getByLabel('Certificate password', { exact: true }).fill(CERTIFICATE_PASSWORD);

		await appendFile(join(build, 'service-worker.js'), '\n// next version\n');
		await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
		const prompt = page.getByRole('region', { name: 'A new version of this app is ready.' });
		await expect(prompt).toBeVisible();
		await expect(prompt).toContainText('when your pickup is finished');
		await expect(stepHeading(page, 'Choose a certificate password')).toBeVisible();
		await expect(page.getByLabel('Certificate password', { exact: true })).toHaveValue(
			CERTIFICATE_PASSWORD
		);
		// A language switch re-renders the shell; the waiting update must not be forgotten.
		await page.getByLabel('Language').selectOption('de');
		await page.getByLabel('Sprache').selectOption('en');
		await expect(prompt).toBeVisible();

		await chooseCertificatePassword(page);
		await acceptAgreement(page);
		await chooseKey(page);
		await expectWorkingP12(page);
		await page.getByRole('button', { name: 'I have saved my file' }).click();
		await expect(prompt).not.toContainText('when your pickup is finished');
		const reloaded = page.waitForEvent('load');
		await prompt.getByRole('button', { name: 'Update now' }).click();
		await reloaded;
		await expect(prompt).toBeHidden();
	} finally {
		await page.close();
		await app.stop();
		await rm(build, { recursive: true, force: true });
	}
});

test('the web app manifest makes the app installable', async ({ page, server }) => {
	await page.goto(server.origin);
	const href = await page.locator('link[rel="manifest"]').getAttribute('href');
	const manifest = await (await page.request.get(new URL(href!, server.origin).href)).json();
	expect(manifest).toMatchObject({
		name: 'Certificate pickup',
		display: 'standalone',
		start_url: '/'
	});
	const purposes = (manifest.icons as { purpose: string; sizes: string; src: string }[]).map(
		(icon) => `${icon.sizes} ${icon.purpose}`
	);
	expect(purposes).toEqual(
		expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable'])
	);
	for (const icon of manifest.icons as { src: string }[]) {
		const response = await page.request.get(new URL(icon.src, server.origin).href);
		expect(response.headers()['content-type']).toBe('image/png');
	}
});
