import {
	opensslReadPkcs12,
	publicKeyOfCertificate,
	publicKeyOfPrivateKey
} from '../support/openssl.ts';
import { expect, test } from './fixtures.ts';
import {
	atStep,
	CERTIFICATE_PASSWORD,
	chooseKey,
	download,
	walkToKeyOptions,
	openOrder
} from './pickup-steps.ts';

test('picks up a certificate from the emailed link and the .p12 opens in openssl', async ({
	page,
	server
}) => {
	const order = await openOrder(page, server);

	await atStep(page, 'Check your order');
	expect(page.url(), 'the link secret is removed from the address bar').not.toContain('#');
	await expect(page.getByText('Jan Peeters')).toBeVisible();
	await expect(page.getByText('Example BV')).toBeVisible();
	await walkToKeyOptions(page, order.pickupPassword);
	await chooseKey(page);

	await atStep(page, 'Your certificate is ready');
	const { file, name } = await download(page, 'Download certificate file (.p12)');
	expect(name).toBe(`Jan-Peeters-${order.orderId}.p12`);

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
