import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { CreatedOrder, OrderFields, RunningServer } from '../support/server.ts';
import {
	opensslReadPkcs12,
	publicKeyOfCertificate,
	publicKeyOfPrivateKey
} from '../support/openssl.ts';
import { expect } from './fixtures.ts';

export const CERTIFICATE_PASSWORD = 'Correct4Horse9Battery';

/** A fresh order on the test server, opened from its e-mailed link. */
export async function openOrder(
	page: Page,
	server: RunningServer,
	fields: OrderFields = {}
): Promise<CreatedOrder> {
	const order = await server.createOrder(fields);
	await page.goto(order.link);
	return order;
}

/** The step's own heading: every step moves focus to it. */
export function stepHeading(page: Page, name: string | RegExp) {
	return page.getByRole('heading', { level: 2, name });
}

export async function atStep(page: Page, name: string | RegExp): Promise<void> {
	await expect(stepHeading(page, name)).toBeFocused({ timeout: 60_000 });
}

export async function reviewOrder(page: Page): Promise<void> {
	await expect(stepHeading(page, 'Check your order')).toBeVisible({ timeout: 60_000 });
	await page.getByRole('button', { name: 'Continue' }).click();
}

export async function enterPickupPassword(page: Page, password: string): Promise<void> {
	await expect(stepHeading(page, 'Enter your pickup password')).toBeVisible();
	await page.getByLabel('Pickup password').fill(password);
	await page.getByRole('button', { name: 'Check pickup password' }).click();
}

export async function chooseCertificatePassword(
	page: Page,
	password = CERTIFICATE_PASSWORD
): Promise<void> {
	await expect(stepHeading(page, 'Choose a certificate password')).toBeVisible({ timeout: 60_000 });
	await page.getByLabel('Certificate password', { exact: true }).fill(password);
	await page.getByLabel('Repeat the certificate password').fill(password);
	await page.getByRole('button', { name: 'Continue' }).click();
}

/** Answers where the certificate goes and takes the suggested passphrase, which fills both fields. */
export async function chooseSuggestedPassword(page: Page, useTarget: string): Promise<string> {
	await expect(stepHeading(page, 'Choose a certificate password')).toBeVisible({ timeout: 60_000 });
	await page.getByLabel('Where will you use this certificate?').selectOption({ label: useTarget });
	await page.getByRole('button', { name: 'Suggest a strong password' }).click();
	const suggestion = page.getByRole('region', { name: 'Suggested certificate password' });
	const passphrase = (await suggestion.locator('output').textContent()) ?? '';
	await page.getByRole('button', { name: 'Continue' }).click();
	return passphrase;
}

export async function acceptAgreement(page: Page): Promise<void> {
	await expect(stepHeading(page, 'Subscriber agreement')).toBeVisible({ timeout: 60_000 });
	await page.getByLabel('I have read and accept the subscriber agreement').check();
	await page.getByRole('button', { name: 'Accept and continue' }).click();
}

export async function chooseKey(
	page: Page,
	algorithm: RegExp | null = null,
	legacy = false
): Promise<void> {
	await expect(stepHeading(page, 'Key and file options')).toBeVisible({ timeout: 60_000 });
	if (algorithm) await page.getByLabel(algorithm).check();
	if (legacy) await page.getByLabel(/Compatible/).check();
	await page.getByRole('button', { name: 'Create my certificate' }).click();
}

/** From the order review to the key options, as an applicant types it. */
export async function walkToKeyOptions(page: Page, pickupPassword: string): Promise<void> {
	await reviewOrder(page);
	await enterPickupPassword(page, pickupPassword);
	await chooseCertificatePassword(page);
	await acceptAgreement(page);
}

/** Clicks a download link on the Done step and saves the file; returns its path and name. */
export async function download(
	page: Page,
	linkName: string
): Promise<{ file: string; name: string }> {
	const downloading = page.waitForEvent('download');
	await page.getByRole('link', { name: linkName }).click();
	const done = await downloading;
	const file = join(
		await mkdtemp(join(tmpdir(), 'cert-pickup-download-')),
		done.suggestedFilename()
	);
	await done.saveAs(file);
	return { file, name: done.suggestedFilename() };
}

/**
 * Downloads the .p12 from the Done step and proves with openssl that key and leaf belong together;
 * returns the file and the private key openssl read from it.
 */
export async function expectWorkingP12(
	page: Page,
	holder = 'Jan Peeters',
	password = CERTIFICATE_PASSWORD
): Promise<{ file: string; name: string; keyPem: string; leafPem: string; caPem: string }> {
	await atStep(page, 'Your certificate is ready');
	const downloaded = await download(page, 'Download certificate file (.p12)');
	const read = await opensslReadPkcs12(downloaded.file, password);
	expect(read.leafPem).toContain(holder);
	expect(await publicKeyOfPrivateKey(read.keyPem)).toBe(await publicKeyOfCertificate(read.leafPem));
	return { ...downloaded, ...read };
}

/** Opens the kiosk's Start over and confirms it; labels in the kiosk's current language. */
export async function kioskStartOver(
	page: Page,
	labels = { startOver: 'Start over', confirm: 'Yes, delete and start over' }
): Promise<void> {
	await page.getByRole('button', { name: labels.startOver }).click();
	await page.getByRole('button', { name: labels.confirm }).click();
}
