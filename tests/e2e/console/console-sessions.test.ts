/**
 * Each way into the console can fail, and each failure says what happened in words: an expired
 * invitation, one used already, a passkey an admin removed, and a session past its limit, after
 * which signing in again finds the form as it was left.
 */
import {
	acceptInvite,
	addAuthenticator,
	consoleLaunch,
	enrol,
	expect,
	signIn,
	startConsoleServer,
	test
} from './console-fixtures.ts';

test.use({ launchOptions: consoleLaunch });

test('an expired invitation and a used one say so', async ({ browser, page, consoleServer }) => {
	const expired = await consoleServer.invite('Late person', 'office');
	consoleServer.sql(
		"UPDATE invites SET expires_at = '2020-01-01T00:00:00.000Z' WHERE name = ?",
		'Late person'
	);
	await addAuthenticator(page);
	await page.goto(expired);
	await expect(
		page.getByText('This invitation has expired. Ask an administrator for a new one.')
	).toBeVisible();
	await expect(page.getByRole('button', { name: 'Create my passkey and sign in' })).toHaveCount(0);

	const link = await consoleServer.invite('Once person', 'office');
	await acceptInvite(page, link, 'Once person');
	const other = await (await browser.newContext()).newPage();
	await other.goto(link);
	await expect(other.getByText(/^This invitation has already been used\./)).toBeVisible();
	await other.context().close();
});

test('a removed passkey ends its session and is refused at the next sign-in', async ({
	browser,
	page,
	consoleServer
}) => {
	await enrol(page, consoleServer, 'Namur admin', 'admin');
	const office = await (await browser.newContext()).newPage();
	await enrol(office, consoleServer, 'Namur desk', 'office');

	await page.getByRole('link', { name: 'People' }).click();
	page.on('dialog', (dialog) => void dialog.accept());
	await page.getByRole('button', { name: 'Remove passkey 1 of Namur desk' }).click();
	await expect(page.getByRole('button', { name: 'Remove passkey 1 of Namur desk' })).toHaveCount(0);

	// The orders screen asks every few seconds: the next answer says the session has ended.
	await expect(office.getByText(/^Your session has ended\./)).toBeVisible({ timeout: 30_000 });
	await signIn(office);
	await expect(
		office.getByText(/^This passkey was not accepted\. It may have been removed/)
	).toBeVisible();
	await office.context().close();
});

test('a session past its idle limit asks for a sign-in, and keeps what was typed', async ({
	page
}) => {
	const server = await startConsoleServer({ CONSOLE_SESSION_IDLE_SECONDS: '3' });
	try {
		await enrol(page, server, 'Arlon desk', 'office');
		await page.getByRole('link', { name: 'New order' }).click();
		await page.getByLabel("Holder's full name").fill('Anne Lambert');
		await page.getByLabel('E-mail address').fill('anne@example.be');
		await page.getByLabel('Printed sheet only').check();
		await page.getByLabel('Pickup password', { exact: true }).fill('Sunny meadow 7');
		await page.getByLabel('Pickup password again').fill('Sunny meadow 7');
		await page.waitForTimeout(4500);
		await page.getByRole('button', { name: 'Create the order' }).click();

		await expect(
			page.getByText(
				'Your session has ended. Sign in again to go on: what you typed on the screen is kept.'
			)
		).toBeVisible();
		await expect(
			page.getByRole('heading', { level: 1, name: 'Sign in to the operator console' })
		).toBeFocused();
		await signIn(page);
		await expect(page.getByLabel("Holder's full name")).toHaveValue('Anne Lambert');
		await expect(page.getByLabel('Pickup password again')).toHaveValue('Sunny meadow 7');
		await page.getByRole('button', { name: 'Create the order' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Order created' })).toBeVisible();
		await page.goto('about:blank');
	} finally {
		await server.stop();
	}
});
