import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	opensslReadPkcs12,
	publicKeyOfCertificate,
	publicKeyOfPrivateKey
} from '../support/openssl';
import { expect, test } from './fixtures';

const CERTIFICATE_PASSWORD = 'Correct4Horse9Battery';

test('picks up a certificate from the emailed link and the .p12 opens in openssl', async ({
	page,
	server
}) => {
	const order = await server.createOrder();
	await page.goto(order.link);

	await expect(page.getByRole('heading', { name: 'Check your order' })).toBeFocused();
	expect(page.url(), 'the link secret is removed from the address bar').not.toContain('#');
	await expect(page.getByText('Jan Peeters')).toBeVisible();
	await expect(page.getByText('Example BV')).toBeVisible();
	await page.getByRole('button', { name: 'Continue' }).click();

	await page.getByLabel('Pickup password').fill(order.pickupPassword);
	await page.getByRole('button', { name: 'Check pickup password' }).click();

	await expect(page.getByRole('heading', { name: 'Choose a certificate password' })).toBeFocused();
	await page.getByLabel('Certificate password', { exact: true }).fill(CERTIFICATE_PASSWORD);
	await page.getByLabel('Repeat the certificate password').fill(CERTIFICATE_PASSWORD);
	await page.getByRole('button', { name: 'Create my certificate' }).click();

	await expect(page.getByRole('heading', { name: 'Your certificate is ready' })).toBeVisible({
		timeout: 60_000
	});
	const downloading = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Download certificate file (.p12)' }).click();
	const download = await downloading;
	expect(download.suggestedFilename()).toBe(`Jan-Peeters-${order.orderId}.p12`);
	const file = join(
		await mkdtemp(join(tmpdir(), 'cert-pickup-download-')),
		download.suggestedFilename()
	);
	await download.saveAs(file);

	const { keyPem, leafPem, caPem } = await opensslReadPkcs12(file, CERTIFICATE_PASSWORD);
	expect(leafPem).toMatch(/subject=.*CN ?= ?Jan Peeters/);
	expect(
		caPem.match(/BEGIN CERTIFICATE/g)?.length,
		'the intermediate travels with the leaf'
	).toBeGreaterThanOrEqual(1);
	expect(await publicKeyOfPrivateKey(keyPem)).toBe(await publicKeyOfCertificate(leafPem));
	await expect(opensslReadPkcs12(file, 'Wrong4Password9Here')).rejects.toThrow();

	await page.getByRole('button', { name: 'I have saved my file' }).click();
	await expect(page.getByText('The pickup link is now used up.')).toBeVisible();
});
