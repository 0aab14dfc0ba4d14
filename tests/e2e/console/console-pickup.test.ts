/**
 * The console's main walk: an admin is invited, registers a passkey and is signed in; creates an
 * order with the applicant typing their own pickup password; prints the pickup sheet; the sheet's
 * QR code, read from the printed page, opens the pickup at a kiosk, and the pickup completes while
 * the console shows the order's status and history as they happen.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumArgs } from '../../../playwright.config.ts';
import { decodeQr } from '../../../src/lib/kiosk/qr-decoder.ts';
import { writeQrVideo } from '../../support/qr-video.ts';
import { atStep, chooseKey, stepHeading, walkToKeyOptions } from '../pickup-steps.ts';
import {
	acceptInvite,
	addAuthenticator,
	consoleLaunch,
	enrol,
	expect,
	test
} from './console-fixtures.ts';

test.use({ launchOptions: consoleLaunch, viewport: { width: 1280, height: 900 } });

const PICKUP_PASSWORD = 'Blue lantern 42';
// The closing notes' pictures of the console: written only when asked for
// (CONSOLE_SCREENSHOTS=docs/screenshots), so a test run leaves the repository as it was.
const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS;

async function keepScreenshot(page: Page, name: string): Promise<void> {
	if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/${name}`, fullPage: true });
}

/**
 * The pixels of a PNG, read by the browser's own decoder. They come back as one base64 string: as
 * an array, a page's 4.6 million numbers took 26 s to cross the protocol.
 */
async function pngPixels(page: Page, png: Buffer) {
	const { base64, width, height } = await page.evaluate(async (encoded) => {
		const bytes = Uint8Array.from(atob(encoded), (character) => character.charCodeAt(0));
		const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
		const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
		const context = canvas.getContext('2d')!;
		context.drawImage(bitmap, 0, 0);
		const image = context.getImageData(0, 0, bitmap.width, bitmap.height);
		const reader = new FileReader();
		const dataUrl = await new Promise<string>((resolve, reject) => {
			reader.onload = () => resolve(reader.result as string);
			reader.onerror = () => reject(reader.error);
			reader.readAsDataURL(new Blob([image.data]));
		});
		return {
			base64: dataUrl.slice(dataUrl.indexOf(',') + 1),
			width: image.width,
			height: image.height
		};
	}, png.toString('base64'));
	const data = new Uint8ClampedArray(Buffer.from(base64, 'base64'));
	expect(data.length).toBe(width * height * 4);
	return { data, width, height };
}

async function fillOrder(page: Page, holder: string, email: string) {
	await page.getByLabel("Holder's full name").fill(holder);
	await page.getByLabel('E-mail address').fill(email);
	await page.getByLabel('Organisation (optional)').fill('Example BV');
	await page.getByLabel('Country (optional)').fill('BE');
}

test('invite, passkey, order, printed sheet, and the pickup at a kiosk from its QR code', async ({
	page,
	consoleServer
}) => {
	test.setTimeout(240_000);
	await addAuthenticator(page);
	const link = await consoleServer.invite('Leuven office', 'admin');
	await acceptInvite(page, link, 'Leuven office');

	// The create form, keyboard first: every field is reached by Tab.
	await page.getByRole('link', { name: 'New order' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'New order' })).toBeVisible();
	await fillOrder(page, 'Marie Claes', 'marie@example.be');
	await page.getByLabel("Applicant's language").selectOption('en');
	await page.getByLabel('Printed sheet only').check();
	await page.getByLabel('The applicant types a pickup password here').check();
	await page.getByLabel('Pickup password', { exact: true }).fill(PICKUP_PASSWORD);
	await page.getByLabel('Pickup password again').fill(PICKUP_PASSWORD);
	await expect(page.getByLabel('Pickup password', { exact: true })).toHaveAttribute(
		'type',
		'password'
	);
	await keepScreenshot(page, 'console-create.png');
	await page.getByLabel('Pickup password again').press('Enter');

	await expect(page.getByRole('heading', { level: 1, name: 'Order created' })).toBeFocused();
	const sheet = page.locator('.pickup-sheet');
	await expect(sheet.getByRole('heading', { name: 'Pick up your certificate' })).toBeVisible();
	await expect(sheet).toContainText('Marie Claes');
	await expect(sheet).toContainText('Personal certificate');
	expect(await page.content()).not.toContain(PICKUP_PASSWORD);

	// Printed: the sheet alone, and its QR code read back from the picture of the page.
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('navigation', { name: 'Console' })).toBeHidden();
	await expect(page.getByRole('button', { name: 'Print the pickup sheet' })).toBeHidden();
	await keepScreenshot(page, 'console-sheet-print.png');
	const printed = await page.screenshot({ fullPage: true });
	const scanned = decodeQr(await pngPixels(page, printed));
	await page.emulateMedia({ media: 'screen' });
	expect(scanned).not.toBeNull();
	const pickupLink = new URL(scanned!);
	expect(pickupLink.origin).toBe(consoleServer.url);
	expect(pickupLink.pathname).toBe('/pickup');
	const orderId = new URLSearchParams(pickupLink.hash.slice(1)).get('o')!;
	await expect(sheet).toContainText(scanned!);

	// The order list, then the order with its history, live while the pickup goes on.
	await page.getByRole('link', { name: 'Orders' }).click();
	const row = page.getByRole('row').filter({ hasText: 'Marie Claes' });
	await expect(row).toContainText('Waiting for pickup');
	await keepScreenshot(page, 'console-orders.png');
	await row.getByRole('link', { name: 'Marie Claes' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'Order for Marie Claes' })
	).toBeVisible();
	await expect(page.getByRole('table', { name: 'History' })).toContainText('Order created');

	// The kiosk: this build with a kiosk config.json, its camera shown the code that was read.
	await consoleServer.configure({
		apiBaseUrl: '/',
		kiosk: { officeName: 'Leuven', idleTimeoutSeconds: 600, warningSeconds: 30, languages: ['en'] }
	});
	const video = join(await mkdtemp(join(tmpdir(), 'cert-pickup-console-qr-')), 'qr.y4m');
	await writeQrVideo(scanned!, video);
	const kioskBrowser = await chromium.launch({
		executablePath: consoleLaunch.executablePath,
		args: [
			...chromiumArgs,
			'--use-fake-ui-for-media-stream',
			'--use-fake-device-for-media-stream',
			`--use-file-for-fake-video-capture=${video}`
		]
	});
	try {
		const kiosk = await (await kioskBrowser.newContext()).newPage();
		await kiosk.goto(consoleServer.origin);
		await expect(stepHeading(kiosk, 'Check your order')).toBeVisible({ timeout: 60_000 });
		await expect(kiosk.getByText(orderId).first()).toBeVisible();
		await walkToKeyOptions(kiosk, PICKUP_PASSWORD);
		await chooseKey(kiosk);
		await atStep(kiosk, 'Your certificate is ready');
		await kiosk.goto('about:blank');
	} finally {
		await kioskBrowser.close();
		await consoleServer.configure({ apiBaseUrl: '/' });
	}

	// The console saw it happen, without a reload.
	await expect(
		page
			.getByText('Issued', { exact: true })
			.or(page.getByText('Collected', { exact: true }))
			.first()
	).toBeVisible({ timeout: 30_000 });
	const history = page.getByRole('table', { name: 'History' });
	await expect(history).toContainText('Opened with the right pickup password');
	await expect(history).toContainText('Certificate request received');
	await expect(history).toContainText('Certificate issued');
	await keepScreenshot(page, 'console-order.png');
});

test("the sheet is in the applicant's language, and a generated password is shown once, never printed", async ({
	page,
	consoleServer
}) => {
	await enrol(page, consoleServer, 'Gent office', 'office');
	await page.getByRole('link', { name: 'New order' }).click();
	await fillOrder(page, 'Els De Smet', 'els@example.be');
	await page.getByLabel("Applicant's language").selectOption('nl');
	await page.getByLabel('By e-mail').check();
	await page.getByLabel('Generate one and show it once').check();
	await page.getByRole('button', { name: 'Create the order' }).click();

	await expect(page.getByText('The pickup e-mail is being sent to els@example.be.')).toBeVisible();
	const generated = page.getByRole('region', { name: 'Pickup password' }).locator('output');
	const password = (await generated.textContent())!.trim();
	expect(password.length).toBeGreaterThanOrEqual(8);
	const sheet = page.locator('.pickup-sheet');
	await expect(sheet).toHaveAttribute('lang', 'nl');
	await expect(sheet.getByRole('heading', { name: 'Uw certificaat ophalen' })).toBeVisible();
	await expect(sheet).toContainText('Aan de kiosk');
	await expect(sheet).not.toContainText(password);
	// The staff's screen stays in English.
	await expect(page.getByRole('heading', { level: 1, name: 'Order created' })).toBeVisible();
	await page.emulateMedia({ media: 'print' });
	await expect(generated).toBeHidden();
	await expect(sheet).toBeVisible();
});
