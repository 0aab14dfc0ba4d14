/**
 * axe on every screen of the console, in its five languages, and the console by keyboard alone.
 */
import type { Page } from '@playwright/test';
import { addAuthenticator, consoleLaunch, enrol, expect, test } from './console-fixtures.ts';
import { expectNoAxeViolations } from '../../support/axe.ts';

test.use({ launchOptions: consoleLaunch });

const LANGUAGES = ['en', 'nl', 'fr', 'de', 'pt'] as const;

async function inLanguage(page: Page, locale: string): Promise<void> {
	const select = page.locator('.console-title-row select');
	if ((await page.locator('html').getAttribute('lang')) !== locale)
		await select.selectOption(locale);
	await expect(page.locator('html')).toHaveAttribute('lang', locale);
	await expect(page.locator('.console-title-row select')).toHaveValue(locale);
}

/** The screen in each language, as `prepare` leaves it, checked by axe. */
async function everyLanguage(page: Page, screen: string, prepare?: () => Promise<void>) {
	for (const locale of LANGUAGES) {
		await inLanguage(page, locale);
		await prepare?.();
		await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
		await expectNoAxeViolations(page, `${screen} in ${locale}`);
	}
	await inLanguage(page, 'en');
}

// Three tests, so that three workers share the console's 55 checks: one would set the run's tail.
test('axe finds nothing on the invitation, the orders and an order, in any of the five languages', async ({
	page,
	consoleServer
}) => {
	await addAuthenticator(page);
	const invite = await consoleServer.invite('Liège admin', 'admin');
	await page.goto(invite);
	await expect(page.getByRole('button', { name: 'Create my passkey and sign in' })).toBeVisible();
	await everyLanguage(page, 'invitation');
	await page.getByRole('button', { name: 'Create my passkey and sign in' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible();

	const order = await consoleServer.createOrder();
	consoleServer.sql(
		"UPDATE orders SET status = 'locked', locked_from = 'awaiting_pickup', failed_attempts = 5 WHERE id = ?",
		order.orderId
	);
	await page.reload();
	await expect(page.getByRole('row').filter({ hasText: order.orderId })).toBeVisible();
	await everyLanguage(page, 'orders');

	await page.goto(`${consoleServer.url}/operator/order?id=${order.orderId}`);
	await expect(page.getByRole('button', { name: 'Unlock' })).toBeVisible();
	await everyLanguage(page, 'order with history and actions');
});

test('axe finds nothing on a new order, with errors and once created, in any of the five languages', async ({
	page,
	consoleServer
}) => {
	await enrol(page, consoleServer, 'Namur admin', 'admin');
	await page.goto(`${consoleServer.url}/operator/new`);
	await everyLanguage(page, 'new order with errors', async () => {
		await page.locator('form.order-form button[type=submit]').click();
		await expect(page.locator('[aria-invalid=true]').first()).toBeFocused();
	});
	await everyLanguage(page, 'order created, with its sheet', async () => {
		if (await page.locator('.pickup-sheet').count()) {
			await page.locator('.created button').nth(-1).click();
		}
		await page.locator('#order-commonName').fill('Chloé Dubois');
		await page.locator('#order-email').fill('chloe@example.be');
		await page.locator('input[name=password-mode][value=generated]').check();
		await page.locator('form.order-form button[type=submit]').click();
		await expect(page.locator('.pickup-sheet')).toBeVisible();
	});
});

test('axe finds nothing on people, keys, the outbox, the sign-in and a kiosk, in any of the five languages', async ({
	browser,
	page,
	consoleServer
}) => {
	await enrol(page, consoleServer, 'Hasselt admin', 'admin');
	await page.goto(`${consoleServer.url}/operator/people`);
	await everyLanguage(page, 'people, with an invitation link', async () => {
		await page.locator('#invite-name').fill('Nieuwe collega');
		await page.locator('#invite-name').press('Enter');
		await expect(page.locator('.once output')).toBeVisible();
	});
	await page.goto(`${consoleServer.url}/operator/keys`);
	await everyLanguage(page, 'API keys, with a new key', async () => {
		await page.locator('#key-name').fill('Order system');
		await page.locator('#key-name').press('Enter');
		await expect(page.locator('.once output')).toBeVisible();
	});
	await page.goto(`${consoleServer.url}/operator/outbox`);
	await everyLanguage(page, 'outbox');

	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByText('You have signed out.')).toBeVisible();
	await everyLanguage(page, 'sign-in');

	// The kiosk's screen where the console would be.
	await consoleServer.configure({
		apiBaseUrl: '/',
		kiosk: { officeName: 'Liège', languages: ['en', 'nl', 'fr', 'de', 'pt'] }
	});
	try {
		const kiosk = await (await browser.newContext()).newPage();
		for (const locale of LANGUAGES) {
			await kiosk.addInitScript((value) => localStorage.setItem('PARAGLIDE_LOCALE', value), locale);
			await kiosk.goto(`${consoleServer.url}/operator`);
			await expect(kiosk.locator('html')).toHaveAttribute('lang', locale);
			await expect(kiosk.getByRole('heading', { level: 1 })).toBeVisible();
			await expectNoAxeViolations(kiosk, `kiosk, no console, in ${locale}`);
		}
		await kiosk.context().close();
	} finally {
		await consoleServer.configure({ apiBaseUrl: '/' });
	}
});

test('the console by keyboard alone: sign in, create an order, print its sheet', async ({
	page,
	consoleServer
}) => {
	await enrol(page, consoleServer, 'Keyboard desk', 'office');
	await page.getByRole('button', { name: 'Sign out' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByText('You have signed out.')).toBeVisible();
	// From the top of a fresh page: the skip link, the language, then the sign-in.
	await page.reload();
	await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toBeVisible();
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: 'Skip to the content' })).toBeFocused();
	await page.keyboard.press('Tab');
	await page.keyboard.press('Tab');
	await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('link', { name: 'New order' })).toBeVisible();
	await page.getByRole('link', { name: 'Orders' }).focus();
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: 'New order' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'New order' })).toBeVisible();

	await page.getByLabel('Product').focus();
	await page.keyboard.press('Tab');
	await page.keyboard.type('Pieter Claes');
	await page.keyboard.press('Tab');
	await page.keyboard.type('pieter@example.be');
	// Past the organisation, the country and the language to the delivery.
	for (let field = 0; field < 4; field++) await page.keyboard.press('Tab');
	// Radio buttons: the arrow keys move within the group.
	await page.keyboard.press('ArrowDown');
	await expect(page.getByLabel('Printed sheet only')).toBeChecked();
	await page.keyboard.press('Tab');
	await page.keyboard.press('Tab');
	await page.keyboard.type('Quiet river 12');
	await page.keyboard.press('Tab');
	await page.keyboard.type('Quiet river 12');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Order created' })).toBeFocused();
	await page.keyboard.press('Tab');
	await page.keyboard.press('Tab');
	await expect(page.getByRole('button', { name: 'Print the pickup sheet' })).toBeFocused();
});
