import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import { startSmtpSink, type SmtpSink } from '../server/mail/smtp-sink.ts';
import { opensslReadPkcs12 } from '../support/openssl.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { expect, test } from './fixtures.ts';
import { atStep, chooseKey, expectWorkingP12, walkToKeyOptions } from './pickup-steps.ts';

const run = promisify(execFile);
const PICKUP_PASSWORD = 'chosen-at-the-counter';

let sink: SmtpSink;
let server: RunningServer;

test.beforeAll(async () => {
	sink = await startSmtpSink();
	server = await startServer({ SMTP_URL: sink.url(), OUTBOX_POLL_MS: '100' });
});

test.afterAll(async () => {
	await server.stop();
	await sink.close();
});

test('the link in the e-mail the server sent completes a pickup, and the .p12 opens in openssl', async ({
	page
}) => {
	const { stdout } = await run(
		'npm',
		[
			'run',
			'--silent',
			'operator:key',
			'--',
			'create',
			'--name',
			'Order system',
			'--scope',
			'write',
			'--json'
		],
		{ env: { ...process.env, DATA_DIR: server.dataDir } }
	);
	const { key } = JSON.parse(stdout) as { key: string };
	const created = await fetch(`${server.origin}/api/v1/operator/orders`, {
		method: 'POST',
		headers: {
			authorization: `Bearer ${key}`,
			'content-type': 'application/json',
			'idempotency-key': crypto.randomUUID()
		},
		body: JSON.stringify({
			commonName: 'Jan Peeters',
			email: 'jan@example.be',
			organization: 'Example BV',
			country: 'BE',
			pickupPassword: PICKUP_PASSWORD
		})
	});
	expect(created.status).toBe(201);
	const { order } = (await created.json()) as { order: { id: string } };

	await expect.poll(() => sink.received.length, { timeout: 60_000 }).toBe(1);
	const [received] = sink.received;
	const mail = await simpleParser(received?.raw ?? Buffer.alloc(0));
	expect(mail.to).toMatchObject({ text: 'jan@example.be' });
	expect(mail.text).not.toContain(PICKUP_PASSWORD);
	const link = /href="([^"]*\/pickup#o=[^"]*)"/
		.exec(String(mail.html))?.[1]
		?.replaceAll('&amp;', '&');
	expect(link).toContain(`#o=${order.id}&s=`);
	expect(mail.text).toContain(link);

	await page.goto(link ?? '');
	await atStep(page, 'Check your order');
	expect(page.url(), 'the link secret is removed from the address bar').not.toContain('#');
	await expect(page.getByText('Jan Peeters')).toBeVisible();
	await expect(page.getByText('Example BV')).toBeVisible();
	await walkToKeyOptions(page, PICKUP_PASSWORD);
	await chooseKey(page);
	const { file, name, leafPem, caPem } = await expectWorkingP12(page);
	expect(name).toBe(`Jan-Peeters-${order.id}.p12`);
	expect(leafPem).toMatch(/subject=.*CN ?= ?Jan Peeters/);
	expect(
		caPem.match(/BEGIN CERTIFICATE/g)?.length,
		'the intermediate travels with the leaf'
	).toBeGreaterThanOrEqual(1);
	await expect(opensslReadPkcs12(file, 'Wrong4Password9Here')).rejects.toThrow();
	await page.getByRole('button', { name: 'I have saved my file' }).click();
	await expect(page.getByText('The pickup link is now used up.')).toBeVisible();

	const shown = await fetch(`${server.origin}/api/v1/operator/orders/${order.id}`, {
		headers: { authorization: `Bearer ${key}` }
	});
	const details = (await shown.json()) as {
		order: { status: string; emailDelivery: { status: string }; certificate: { pem: string } };
	};
	expect(details.order.status).toBe('collected');
	expect(details.order.emailDelivery.status).toBe('sent');
	expect(details.order.certificate.pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
});

test("the app opens in the order's language, unless the applicant chose one here", async ({
	page
}) => {
	const dutch = await server.createOrder({ locale: 'nl' });
	expect(dutch.link).toMatch(/&l=nl$/);
	await page.goto(dutch.link);
	await expect(
		page.getByRole('heading', { level: 2, name: 'Controleer uw bestelling' })
	).toBeVisible({
		timeout: 60_000
	});

	await page.evaluate(() => localStorage.setItem('PARAGLIDE_LOCALE', 'fr'));
	const german = await server.createOrder({ locale: 'de' });
	await page.goto('about:blank');
	await page.goto(german.link);
	await expect(
		page.getByRole('heading', { level: 2, name: 'Vérifiez votre commande' })
	).toBeVisible({
		timeout: 60_000
	});
});
