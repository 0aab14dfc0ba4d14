import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServer } from '../support/server.ts';
import { expect, test } from './fixtures.ts';
import {
	acceptAgreement,
	atStep,
	CERTIFICATE_PASSWORD,
	chooseCertificatePassword,
	chooseKey,
	chooseSuggestedPassword,
	download,
	enterPickupPassword,
	expectWorkingP12,
	reviewOrder,
	stepHeading,
	walkToKeyOptions,
	openOrder
} from './pickup-steps.ts';
import { expectNoRequestCarries, recordRequests } from './request-recording.ts';

const run = promisify(execFile);

for (const [label, algorithm] of [
	['RSA-2048', /RSA 2048/],
	['P-256', /P-256/]
] as const) {
	for (const legacy of [false, true]) {
		test(`${label}, ${legacy ? 'legacy' : 'modern'} .p12: opens in openssl, and no request of the pickup carries its private key`, async ({
			page,
			server
		}) => {
			const sent = recordRequests(page);
			const order = await openOrder(page, server);
			await walkToKeyOptions(page, order.pickupPassword);
			await chooseKey(page, algorithm, legacy);
			const { keyPem } = await expectWorkingP12(page);
			await page.getByRole('button', { name: 'I have saved my file' }).click();
			await expect(page.getByText('The pickup link is now used up.')).toBeVisible();
			expectNoRequestCarries(sent, keyPem);
		});
	}
}

test('the answer "macOS" preselects the legacy file with RSA 2048, and a suggested passphrase opens it', async ({
	page,
	server
}) => {
	const order = await openOrder(page, server);
	await reviewOrder(page);
	await enterPickupPassword(page, order.pickupPassword);
	const passphrase = await chooseSuggestedPassword(page, 'macOS (Mac)');
	expect(passphrase).toMatch(/^[A-Za-z0-9]{20}$/);
	await acceptAgreement(page);
	await atStep(page, 'Key and file options');
	await expect(page.getByLabel(/Compatible/)).toBeChecked();
	await expect(page.getByLabel(/RSA 2048/)).toBeChecked();
	await expect(page.getByLabel(/P-256/)).not.toBeChecked();
	await chooseKey(page);
	await expectWorkingP12(page, 'Jan Peeters', passphrase);
});

test('a wrong pickup password announces the attempts left, and the right one typed over it goes on', async ({
	page,
	server
}) => {
	const order = await openOrder(page, server);
	await reviewOrder(page);
	await enterPickupPassword(page, 'not-my-password');
	await expect(page.getByRole('alert')).toContainText(
		'That pickup password is not correct. 4 attempts left'
	);
	await expect(page.getByRole('status').filter({ hasText: 'Attempts left: 4' })).toBeVisible();
	const field = page.getByLabel('Pickup password');
	await expect(field).toBeFocused();
	await page.keyboard.type(order.pickupPassword);
	await expect(field).toHaveValue(order.pickupPassword);
	await page.keyboard.press('Enter');
	await atStep(page, 'Choose a certificate password');
});

test('five wrong pickup passwords lock the order and say whom to contact', async ({
	page,
	server
}) => {
	await openOrder(page, server, { contact: 'help@ca.example' });
	await reviewOrder(page);
	for (let attempt = 1; attempt <= 5; attempt++)
		await enterPickupPassword(page, `wrong-${attempt}`);
	await atStep(page, 'The pickup cannot continue');
	await expect(page.getByRole('alert')).toContainText(
		'locked after too many wrong pickup passwords'
	);
	await expect(page.getByText('help@ca.example')).toBeVisible();
});

test('an expired order says so', async ({ page, server }) => {
	const order = await server.createOrder();
	server.passDeadline(order.orderId);
	await page.goto(order.link);
	await atStep(page, 'The pickup cannot continue');
	await expect(page.getByRole('alert')).toContainText('pickup deadline for this order has passed');
});

test('reloading at every step resumes there and still ends in a working .p12', async ({
	page,
	server
}) => {
	const order = await openOrder(page, server);
	await atStep(page, 'Check your order');
	await page.reload();
	await reviewOrder(page);
	await atStep(page, 'Enter your pickup password');
	await page.reload();
	await enterPickupPassword(page, order.pickupPassword);
	await atStep(page, 'Choose a certificate password');
	await page.reload();
	await chooseCertificatePassword(page);
	await atStep(page, 'Subscriber agreement');
	await page.reload();
	await expect(page.getByText('Passwords are never stored')).toBeVisible();
	await chooseCertificatePassword(page);
	await acceptAgreement(page);
	await atStep(page, 'Key and file options');
	await page.reload();
	await chooseCertificatePassword(page);
	await chooseKey(page);
	await atStep(page, 'Your certificate is ready');
	await page.reload();
	await atStep(page, 'Your certificate has arrived');
	await page.getByLabel('Certificate password').fill(CERTIFICATE_PASSWORD);
	await page.getByRole('button', { name: 'Build my certificate file' }).click();
	await expectWorkingP12(page);
});

test('a pending issuance survives reloads and the app being closed; it ends with only the certificate password', async ({
	browser
}) => {
	const delayed = await startServer();
	try {
		const order = await delayed.createOrder({ issuanceDelaySeconds: 4 });
		const context = await browser.newContext({ acceptDownloads: true });
		const page = await context.newPage();
		await page.goto(order.link);
		await walkToKeyOptions(page, order.pickupPassword);
		await chooseKey(page);
		await expect(page.getByText(/Waiting for the certificate authority/)).toBeVisible();
		await page.reload();
		await expect(page.getByText(/Waiting for the certificate authority/)).toBeVisible();
		await page.close();

		await new Promise((resolve) => setTimeout(resolve, 5_000));
		const reopened = await context.newPage();
		await reopened.goto(delayed.origin);
		await reopened
			.getByRole('link', { name: `Continue pickup for order ${order.orderId}` })
			.click();
		await atStep(reopened, 'Your certificate has arrived');
		await reopened.getByLabel('Certificate password').fill('Wrong4Password9x');
		await reopened.getByRole('button', { name: 'Build my certificate file' }).click();
		await expect(reopened.getByRole('alert')).toContainText(
			'not the certificate password chosen for this pickup'
		);
		await reopened.getByLabel('Certificate password').fill(CERTIFICATE_PASSWORD);
		await reopened.getByRole('button', { name: 'Build my certificate file' }).click();
		await expectWorkingP12(reopened);
		await context.close();
	} finally {
		await delayed.stop();
	}
});

test('"I already have a CSR": an openssl request is checked, sent, and answered as .pem, .p7b and .cer', async ({
	page,
	server
}) => {
	const order = await server.createOrder();
	const dir = await mkdtemp(join(tmpdir(), 'cert-pickup-csr-'));
	const csrFile = join(dir, 'request.csr');
	await run('openssl', [
		'req',
		'-new',
		'-newkey',
		'ec',
		'-pkeyopt',
		'ec_paramgen_curve:P-256',
		'-nodes',
		'-keyout',
		join(dir, 'key.pem'),
		'-out',
		csrFile,
		'-subj',
		'/C=BE/O=Example BV/CN=Jan Peeters/emailAddress=jan@example.be',
		'-addext',
		'subjectAltName=email:jan@example.be'
	]);
	await page.goto(order.link);
	await walkToKeyOptions(page, order.pickupPassword);
	await page.getByRole('button', { name: 'I already have a certificate request (CSR)' }).click();
	await atStep(page, 'Use your own certificate request');
	await page
		.getByLabel('Certificate request (PEM)')
		.fill('-----BEGIN CERTIFICATE REQUEST-----\nnot base64\n-----END CERTIFICATE REQUEST-----');
	await page.getByRole('button', { name: 'Send the request' }).click();
	await expect(page.getByRole('alert')).toContainText('This is not a certificate request');
	await page.getByLabel('Certificate request (PEM)').fill(await readFile(csrFile, 'utf8'));
	await page.getByRole('button', { name: 'Send the request' }).click();
	await atStep(page, 'Your certificate is ready');
	const p7b = await download(page, 'Certificate chain (.p7b)');
	expect(p7b.name).toBe(`Jan-Peeters-${order.orderId}.p7b`);
	const { stdout } = await run('openssl', [
		'pkcs7',
		'-inform',
		'DER',
		'-in',
		p7b.file,
		'-print_certs',
		'-noout'
	]);
	expect(stdout).toMatch(/subject=.*CN ?= ?Jan Peeters/);
	const cer = await download(page, 'Certificate only (.cer)');
	const { stdout: leafKey } = await run('openssl', [
		'x509',
		'-inform',
		'DER',
		'-in',
		cer.file,
		'-pubkey',
		'-noout'
	]);
	const { stdout: ourKey } = await run('openssl', ['pkey', '-in', join(dir, 'key.pem'), '-pubout']);
	expect(leafKey).toBe(ourKey);
});

test('switching the language mid-flow keeps the pickup, the typed fields, and translates the step', async ({
	page,
	server
}) => {
	const order = await openOrder(page, server);
	await reviewOrder(page);
	await enterPickupPassword(page, order.pickupPassword);
	await atStep(page, 'Choose a certificate password');
	await page.getByLabel('Certificate password', { exact: true }).fill(CERTIFICATE_PASSWORD);
	await page.getByLabel('Repeat the certificate password').fill(CERTIFICATE_PASSWORD);
	const dutch = JSON.parse(await readFile('messages/nl.json', 'utf8')) as Record<string, string>;
	await page.getByLabel('Language').selectOption('nl');
	await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
	await expect(stepHeading(page, dutch.certificate_password_heading!)).toBeVisible();
	const dutchField = (label: string) => page.getByLabel(dutch[label]!, { exact: true });
	await expect(dutchField('certificate_password_label')).toHaveValue(CERTIFICATE_PASSWORD);
	await expect(dutchField('certificate_password_confirm_label')).toHaveValue(CERTIFICATE_PASSWORD);
	await page.getByRole('button', { name: dutch.certificate_password_submit! }).click();
	await atStep(page, dutch.agreement_heading!);
	await page.getByLabel('Taal').selectOption('en');
	await acceptAgreement(page);
	await atStep(page, 'Key and file options');
});

test('the whole pickup works with the keyboard alone', async ({ page, server }) => {
	const order = await openOrder(page, server);
	await atStep(page, 'Check your order');
	const press = (key: string, times = 1) =>
		Array.from({ length: times }).reduce<Promise<void>>(
			(chain) => chain.then(() => page.keyboard.press(key)),
			Promise.resolve()
		);
	const tabTo = async (name: RegExp) => {
		for (let i = 0; i < 30; i++) {
			await press('Tab');
			const focused = await page.evaluate(() => {
				const element = document.activeElement as HTMLElement | null;
				const label = element?.closest('label')?.textContent ?? '';
				return `${element?.getAttribute('aria-label') ?? ''} ${element?.textContent ?? ''} ${element?.id ?? ''}${label}`;
			});
			if (name.test(focused)) return;
		}
		throw new Error(`never reached ${name} with Tab`);
	};
	await tabTo(/Continue/);
	await press('Enter');
	await atStep(page, 'Enter your pickup password');
	await tabTo(/pickup-password/);
	await page.keyboard.type(order.pickupPassword);
	await press('Enter');
	await atStep(page, 'Choose a certificate password');
	await tabTo(/^\s+certificate-password$/);
	await page.keyboard.type(CERTIFICATE_PASSWORD);
	await tabTo(/certificate-password-confirm/);
	await page.keyboard.type(CERTIFICATE_PASSWORD);
	await press('Enter');
	await atStep(page, 'Subscriber agreement');
	await tabTo(/I have read and accept/);
	await press('Space');
	await press('Enter');
	await atStep(page, 'Key and file options');
	await tabTo(/Create my certificate/);
	await press('Enter');
	await atStep(page, 'Your certificate is ready');
	await tabTo(/Download certificate file/);
	const downloading = page.waitForEvent('download');
	await press('Enter');
	expect((await downloading).suggestedFilename()).toMatch(/\.p12$/);
});
