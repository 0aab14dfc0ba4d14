/**
 * An admin's actions in the browser, one signed-in admin and one server for them all: a new link
 * (the old one then fails), a cancel with its reason, a reissue, an API key made, used and
 * revoked, a person removed (their session ends), and a refused e-mail sent again from the outbox
 * once the mail server takes it. The server mails through an SMTP server on 127.0.0.1 that
 * refuses or accepts as a test tells it to.
 */
import type { Page } from '@playwright/test';
import { smtpReply, startSmtpSink, type SmtpSink } from '../../server/mail/smtp-sink.ts';
import {
	consoleLaunch,
	type ConsoleServer,
	enrol,
	expect,
	startConsoleServer,
	test
} from './console-fixtures.ts';

test.use({ launchOptions: consoleLaunch });
test.describe.configure({ mode: 'serial' });

const ADMIN = 'Antwerpen admin';

let server: ConsoleServer;
let mail: SmtpSink;
let refuseMail = false;
let admin: Page;

test.beforeAll(async ({ browser }) => {
	mail = await startSmtpSink({
		onRcptTo(address, _session, callback) {
			if (refuseMail)
				callback(smtpReply(550, `5.1.1 <${address.address}>: Recipient address rejected`));
			else callback();
		}
	});
	server = await startConsoleServer({ SMTP_URL: mail.url(), OUTBOX_POLL_MS: '100' });
	admin = await (await browser.newContext()).newPage();
	await enrol(admin, server, ADMIN, 'admin');
});

test.afterAll(async () => {
	await admin?.context().close();
	await server?.stop();
	await mail?.close();
});

/** What the pickup API says to a pickup link: `ok`, or the code it refuses it with. */
async function pickupLinkAnswer(link: string): Promise<string> {
	const fragment = new URLSearchParams(new URL(link).hash.slice(1));
	const answer = await fetch(`${server.origin}/api/v1/orders/${fragment.get('o')}/summary`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ linkSecret: fragment.get('s') })
	});
	return answer.ok ? 'ok' : ((await answer.json()) as { code: string }).code;
}

async function openOrder(orderId: string): Promise<void> {
	await admin.goto(`${server.url}/operator/order?id=${orderId}`);
	await expect(admin.getByRole('heading', { level: 1, name: /^Order for / })).toBeVisible();
}

/** Says yes to the next confirm() the console asks. */
function confirmNext(): void {
	admin.once('dialog', (dialog) => void dialog.accept());
}

test('a new link replaces the old one, which the pickup API then refuses', async () => {
	const order = await server.createOrder();
	await openOrder(order.orderId);
	await admin.getByRole('button', { name: 'Make a new link and print a sheet' }).click();
	await expect(admin.getByRole('status').filter({ hasText: 'A new link was made.' })).toBeVisible();
	const sheet = (await admin.locator('.pickup-sheet').textContent()) ?? '';
	const newLink = /http:\/\/localhost:\d+\/pickup#\S+/.exec(sheet)?.[0];
	expect(newLink).toBeDefined();
	expect(await pickupLinkAnswer(newLink!)).toBe('ok');
	expect(await pickupLinkAnswer(order.link)).toBe('link_invalid');
	await expect(admin.getByRole('table', { name: 'History' })).toContainText('New pickup link made');
});

test("a cancel's reason shows in the history under the admin's name", async () => {
	const order = await server.createOrder();
	await openOrder(order.orderId);
	await admin.locator('#cancel-reason').fill('The applicant left the company');
	confirmNext();
	await admin.getByRole('button', { name: 'Cancel the order' }).click();
	await expect(
		admin.getByRole('status').filter({ hasText: 'The order is cancelled.' })
	).toBeVisible();
	await expect(admin.locator('.status')).toHaveText('Cancelled');
	const entry = admin
		.getByRole('table', { name: 'History' })
		.getByRole('row')
		.filter({ hasText: 'Reason: The applicant left the company' });
	await expect(entry).toContainText('Cancelled');
	await expect(entry).toContainText(`${ADMIN} (console)`);
	expect(await pickupLinkAnswer(order.link)).not.toBe('ok');
});

test('a reissue opens the new order, and the old one is cancelled', async () => {
	const order = await server.createOrder();
	await openOrder(order.orderId);
	await admin.getByRole('button', { name: 'Reissue' }).click();
	await expect(
		admin.getByRole('status').filter({ hasText: /^New order \S+ made\.$/ })
	).toBeVisible();
	await expect(
		admin.getByRole('region', { name: 'Pickup password' }).locator('output')
	).not.toBeEmpty();
	await admin.getByRole('link', { name: 'Open the new order' }).click();
	await expect(admin).not.toHaveURL(new RegExp(`id=${order.orderId}$`));
	await expect(admin.locator('.status')).toHaveText('Waiting for pickup');
	await admin.getByRole('link', { name: order.orderId }).click();
	await expect(admin).toHaveURL(new RegExp(`id=${order.orderId}$`));
	await expect(admin.locator('.status')).toHaveText('Cancelled');
});

test("a reissue with the applicant's own password, typed twice: a slip is marked and focused", async () => {
	const order = await server.createOrder();
	await openOrder(order.orderId);
	const reissue = admin.getByRole('region', { name: 'Reissue' });
	await reissue.getByLabel('The applicant types a pickup password here').check();
	await reissue.getByLabel('Pickup password', { exact: true }).fill('Quiet harbour 5');
	const repeat = reissue.getByLabel('Pickup password again');
	await repeat.fill('Quiet harbour 6');
	await reissue.getByRole('button', { name: 'Reissue' }).click();
	await expect(repeat).toBeFocused();
	await expect(repeat).toHaveAttribute('aria-invalid', 'true');
	await expect(repeat).toHaveAccessibleDescription('The two passwords are not the same.');
	await repeat.fill('Quiet harbour 5');
	await expect(repeat).not.toHaveAttribute('aria-invalid');
	await reissue.getByRole('button', { name: 'Reissue' }).click();
	await expect(
		admin.getByRole('status').filter({ hasText: /^New order \S+ made\.$/ })
	).toBeVisible();
	await expect(admin.getByRole('region', { name: 'Pickup password' })).toHaveCount(0);
});

test('an API key is shown once, opens the operator API, and is refused once revoked', async () => {
	await admin.getByRole('link', { name: 'API keys' }).click();
	await admin.getByLabel('Name').fill('Order system');
	await admin.getByRole('button', { name: 'Create the key' }).click();
	const shown = admin.getByRole('region', { name: 'New API key' });
	const key = ((await shown.locator('output').textContent()) ?? '').trim();
	const listOrders = async () =>
		(
			await fetch(`${server.origin}/api/v1/operator/orders`, {
				headers: { authorization: `Bearer ${key}` }
			})
		).status;
	expect(await listOrders()).toBe(200);

	await admin.getByRole('link', { name: 'Orders' }).click();
	await admin.getByRole('link', { name: 'API keys' }).click();
	await expect(admin.getByRole('cell', { name: 'Order system', exact: true })).toBeVisible();
	await expect(shown).toHaveCount(0);
	expect(await admin.content()).not.toContain(key);

	confirmNext();
	await admin.getByRole('button', { name: 'Revoke the key Order system' }).click();
	await expect(admin.getByText(/^Revoked /)).toBeVisible();
	expect(await listOrders()).toBe(401);
});

test("a removed person's session ends: their next request asks them to sign in", async ({
	browser
}) => {
	const office = await (await browser.newContext()).newPage();
	await enrol(office, server, 'Mechelen desk', 'office');

	await admin.getByRole('link', { name: 'People' }).click();
	confirmNext();
	await admin.getByRole('button', { name: 'Remove Mechelen desk' }).click();
	await expect(admin.getByRole('button', { name: 'Remove Mechelen desk' })).toHaveCount(0);

	await office.getByLabel('Find an order').fill('Peeters');
	await office.getByRole('button', { name: 'Search' }).click();
	await expect(
		office.getByRole('heading', { level: 1, name: 'Sign in to the operator console' })
	).toBeVisible();
	await office.context().close();
});

test('an e-mail the mail server refused is sent from the outbox once it accepts', async () => {
	refuseMail = true;
	const order = await server.createEmailedOrder();
	await admin.getByRole('link', { name: 'Outbox' }).click();
	const row = admin.getByRole('row').filter({ hasText: order.orderId });
	await expect(row).toContainText('Failed');
	await expect(row).toContainText('550');

	refuseMail = false;
	const accepted = mail.received.length;
	await row.getByRole('button', { name: /^Retry message / }).click();
	await expect(admin.getByText('The message will be sent again now.')).toBeVisible();
	// A refused e-mail's link was erased: the retry sends a new one, a message of its own.
	await expect.poll(() => mail.received.length).toBeGreaterThan(accepted);
	expect(mail.received.at(-1)?.rcptTo).toEqual(['jan@example.be']);

	await admin.goto(`${server.url}/operator/order?id=${order.orderId}`);
	await expect(admin.locator('.facts')).toContainText(/Pickup e-mail\s*Sent /);
	const history = admin.getByRole('table', { name: 'History' });
	await expect(history).toContainText('Pickup e-mail could not be sent');
	await expect(history).toContainText(`${ADMIN} (console)`);
});
