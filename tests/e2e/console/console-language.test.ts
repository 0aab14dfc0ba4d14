/**
 * The console's one route: a change of language redraws a screen but keeps what its forms hold,
 * and an address that names no screen says so in the console's language.
 */
import type { Page } from '@playwright/test';
import { consoleLaunch, enrol, expect, test } from './console-fixtures.ts';

test.use({ launchOptions: consoleLaunch });

const PASSWORD = 'Quiet harbour 5';
// Half-typed: not yet the same as the first, which must not be "corrected" either.
const PASSWORD_REPEAT = 'Quiet harb';

async function switchLanguage(page: Page, locale: string, heading: string): Promise<void> {
	await page.locator('.console-title-row select').selectOption(locale);
	await expect(page.locator('html')).toHaveAttribute('lang', locale);
	await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

/** Everything the page could have written to storage, as one string to search. */
function storedText(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const pairs = (storage: Storage) =>
			Object.keys(storage).map((key) => `${key}=${storage.getItem(key)}`);
		const databases = (await indexedDB.databases()).map((database) => database.name);
		const cached = await Promise.all(
			(await caches.keys()).map(async (name) => (await (await caches.open(name)).keys()).length)
		);
		return JSON.stringify([pairs(localStorage), pairs(sessionStorage), databases, cached]);
	});
}

test('a change of language keeps every field of the forms, passwords too, and stores none', async ({
	page,
	consoleServer
}) => {
	await enrol(page, consoleServer, 'Namur admin', 'admin');

	await page.getByRole('link', { name: 'New order' }).click();
	await page.getByLabel('Product').selectOption('org-tls-server');
	await page.getByLabel('Server name (DNS)').fill('www.example.be');
	await page.getByLabel('E-mail address').fill('it@example.be');
	await page.getByLabel('Organisation', { exact: true }).fill('Example BV');
	await page.getByLabel('Organisation identifier').fill('VATBE-0123456789');
	await page.getByLabel('Country', { exact: true }).fill('BE');
	await page.getByLabel("Applicant's language").selectOption('fr');
	await page.getByLabel('Printed sheet only').check();
	await page.getByLabel('The applicant types a pickup password here').check();
	await page.getByLabel('Pickup password', { exact: true }).fill(PASSWORD);
	await page.getByLabel('Pickup password again').fill(PASSWORD_REPEAT);

	await switchLanguage(page, 'nl', 'Nieuwe order');
	const values = {
		'#order-productId': 'org-tls-server',
		'#order-commonName': 'www.example.be',
		'#order-email': 'it@example.be',
		'#order-organization': 'Example BV',
		'#order-organizationIdentifier': 'VATBE-0123456789',
		'#order-country': 'BE',
		'#order-locale': 'fr',
		'#order-password': PASSWORD,
		'#order-passwordRepeat': PASSWORD_REPEAT
	};
	for (const [field, value] of Object.entries(values))
		await expect(page.locator(field), field).toHaveValue(value);
	await expect(page.locator('input[name="delivery"][value="link"]')).toBeChecked();
	await expect(page.locator('input[name="password-mode"][value="typed"]')).toBeChecked();
	await expect(page.locator('#order-password')).toHaveAttribute('type', 'password');
	const stored = await storedText(page);
	expect(stored).not.toContain(PASSWORD);
	expect(stored).not.toContain(PASSWORD_REPEAT);

	// The invitation and API key forms, half filled, in the other direction.
	await page.getByRole('link', { name: 'Personen' }).click();
	await page.locator('#invite-name').fill('Liège desk');
	await page.locator('#invite-role').selectOption('admin');
	await switchLanguage(page, 'en', 'People');
	await expect(page.getByLabel('Name')).toHaveValue('Liège desk');
	await expect(page.getByLabel('Role')).toHaveValue('admin');

	await page.getByRole('link', { name: 'API keys' }).click();
	await page.getByLabel('Name').fill('Order system');
	await page.getByLabel('Scope').selectOption('write');
	await switchLanguage(page, 'de', 'Schlüssel für die Operator-API');
	await expect(page.locator('#key-name')).toHaveValue('Order system');
	await expect(page.locator('#key-scope')).toHaveValue('write');

	// Another screen is a new one: what was typed for the last stays with it.
	await page.locator('nav a').first().click();
	await page.locator('nav a').nth(3).click();
	await expect(page.locator('#key-name')).toHaveValue('');
});

test('an address that names no screen says so, with a way to the orders', async ({
	page,
	consoleServer
}) => {
	await enrol(page, consoleServer, 'Mons desk', 'office');
	for (const path of ['/operator/nowhere', '/operator/order/extra']) {
		await page.goto(`${consoleServer.url}${path}`);
		await expect(page.getByRole('heading', { level: 1, name: 'No such page' })).toBeVisible();
	}
	await switchLanguage(page, 'fr', 'Page introuvable');
	await page.getByRole('link', { name: 'Aller aux commandes' }).click();
	await expect(page).toHaveURL(`${consoleServer.url}/operator`);
	await expect(page.getByRole('heading', { level: 1, name: 'Commandes' })).toBeVisible();
});
