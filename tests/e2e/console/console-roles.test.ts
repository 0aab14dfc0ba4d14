/**
 * What each role sees and may do. Office staff get no admin buttons, and the server's refusal is
 * shown when an admin screen is opened anyway; an admin unlocks an order locked by five wrong
 * pickup passwords, and the applicant goes on.
 */
import type { Browser, Page } from '@playwright/test';
import { enterPickupPassword, reviewOrder, atStep } from '../pickup-steps.ts';
import { consoleLaunch, type ConsoleServer, enrol, expect, test } from './console-fixtures.ts';

test.use({ launchOptions: consoleLaunch });

async function personPage(
	browser: Browser,
	server: ConsoleServer,
	name: string,
	role: 'office' | 'admin'
): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await enrol(page, server, name, role);
	return page;
}

async function openOrder(page: Page, orderId: string) {
	await page.getByRole('link', { name: 'Orders' }).click();
	await page.getByLabel('Find an order').fill(orderId);
	await page.getByRole('button', { name: 'Search' }).click();
	await page.getByRole('row').filter({ hasText: orderId }).getByRole('link').click();
	await expect(page.getByRole('heading', { level: 1, name: /^Order for / })).toBeVisible();
}

test('office staff see no admin actions, and the server refuses them if forced', async ({
	browser,
	consoleServer
}) => {
	const office = await personPage(browser, consoleServer, 'Brugge desk', 'office');
	const nav = office.getByRole('navigation', { name: 'Console' });
	await expect(nav.getByRole('link')).toHaveText(['Orders', 'New order']);

	const order = await consoleServer.createOrder();
	consoleServer.sql(
		"UPDATE orders SET status = 'locked', locked_from = 'awaiting_pickup', failed_attempts = 5 WHERE id = ?",
		order.orderId
	);
	await openOrder(office, order.orderId);
	await expect(office.getByText('Locked', { exact: true })).toBeVisible();
	await expect(office.getByRole('button', { name: 'Unlock' })).toHaveCount(0);
	await expect(office.getByRole('button', { name: 'Cancel the order' })).toHaveCount(0);
	await expect(office.getByRole('button', { name: 'Reissue' })).toHaveCount(0);

	// Typed into the address bar: the screen opens, the server refuses, the console says why.
	await office.goto(`${consoleServer.url}/operator/keys`);
	await expect(
		office.getByText('Your role does not allow this. Ask an administrator.')
	).toBeVisible();
	await expect(office.getByRole('button', { name: 'Create the key' })).toHaveCount(0);
	// A request made by hand, with the session's own CSRF token, is refused all the same.
	const forced = await office.evaluate(async (orderId) => {
		const session = await (await fetch('/api/v1/console/session')).json();
		const answer = await fetch(`/api/v1/console/orders/${orderId}/unlock`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-console-csrf': session.csrfToken },
			body: JSON.stringify({ reason: 'forced' })
		});
		return { status: answer.status, body: await answer.json() };
	}, order.orderId);
	expect([forced.status, forced.body.code]).toEqual([403, 'role_forbidden']);
	await office.context().close();
});

test('an admin unlocks an order after five wrong pickup passwords, and the applicant goes on', async ({
	browser,
	page,
	consoleServer
}) => {
	const admin = await personPage(browser, consoleServer, 'Hasselt admin', 'admin');
	const order = await consoleServer.createOrder();
	await openOrder(admin, order.orderId);
	await expect(admin.getByText('Waiting for pickup', { exact: true })).toBeVisible();

	await page.goto(order.link);
	await reviewOrder(page);
	for (let attempt = 1; attempt <= 5; attempt++)
		await enterPickupPassword(page, `wrong-${attempt}`);
	await atStep(page, 'The pickup cannot continue');

	// The console shows the lock as it happens, and offers the unlock.
	await expect(admin.getByText('Locked', { exact: true })).toBeVisible({ timeout: 30_000 });
	await admin.getByRole('button', { name: 'Unlock' }).click();
	await expect(admin.getByText('Fill this in.')).toBeVisible();
	await expect(admin.getByLabel(/^Why/)).toBeFocused();
	await admin.getByLabel(/^Why/).fill('Identity checked at the desk');
	await admin.getByRole('button', { name: 'Unlock' }).click();
	await expect(
		admin.getByRole('status').filter({ hasText: 'The order is unlocked' })
	).toBeVisible();
	await expect(admin.getByText('Waiting for pickup', { exact: true })).toBeVisible();
	const history = admin.getByRole('table', { name: 'History' });
	await expect(history).toContainText('Unlocked');
	await expect(history).toContainText('Reason: Identity checked at the desk');
	await expect(history).toContainText('Hasselt admin (console)');

	// The link again: the pickup resumes where it stopped, with all attempts back.
	await page.goto('about:blank');
	await page.goto(order.link);
	await expect(page.getByText('Attempts left: 5')).toBeVisible();
	await enterPickupPassword(page, order.pickupPassword);
	await atStep(page, 'Choose a certificate password');
	await admin.context().close();
});
