import { createPrivateKey } from 'node:crypto';
import { opensslReadPkcs12 } from '../support/openssl.ts';
import { expect, test } from './fixtures.ts';
import {
	atStep,
	CERTIFICATE_PASSWORD,
	chooseKey,
	download,
	walkToKeyOptions,
	openOrder
} from './pickup-steps.ts';

for (const [label, algorithm] of [
	['P-256', /P-256/],
	['RSA-2048', /RSA 2048/]
] as const) {
	test(`no request of a whole ${label} pickup carries the private key`, async ({
		page,
		server
	}) => {
		const sent: string[] = [];
		page.on('request', (request) => {
			sent.push(
				[
					request.method(),
					request.url(),
					JSON.stringify(request.headers()),
					request.postData() ?? ''
				].join('\n')
			);
		});
		const order = await openOrder(page, server);
		await walkToKeyOptions(page, order.pickupPassword);
		await chooseKey(page, algorithm);
		await atStep(page, 'Your certificate is ready');
		await page.getByRole('button', { name: 'I have saved my file' }).click();
		await expect(page.getByText('The pickup link is now used up.')).toBeVisible();
		const { file } = await download(page, 'Download certificate file (.p12)');

		const { keyPem } = await opensslReadPkcs12(file, CERTIFICATE_PASSWORD);
		const key = createPrivateKey(keyPem);
		const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
		const needles = {
			'PKCS#8 DER': pkcs8.toString('latin1'),
			'PKCS#8 base64': pkcs8.toString('base64'),
			'PKCS#8 base64url': pkcs8.toString('base64url'),
			'PKCS#8 PEM body line': pkcs8.toString('base64').slice(64, 128),
			'JWK d': String(key.export({ format: 'jwk' }).d)
		};
		expect(
			sent.some((request) => request.includes('BEGIN CERTIFICATE REQUEST')),
			'the recording saw the CSR'
		).toBe(true);
		for (const [form, needle] of Object.entries(needles)) {
			expect(needle.length, form).toBeGreaterThan(30);
			expect(
				sent.filter((request) => request.includes(needle)),
				`requests carrying the key as ${form}`
			).toEqual([]);
		}
	});
}
