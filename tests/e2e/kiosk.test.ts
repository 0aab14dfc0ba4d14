import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumArgs, headlessShellPath } from '../../playwright.config.ts';
import { DATABASE_NAME } from '../../src/lib/store/pickup-store.ts';
import { opensslReadPkcs12 } from '../support/openssl.ts';
import { writeQrVideo } from '../support/qr-video.ts';
import { startServer, type CreatedOrder, type RunningServer } from '../support/server.ts';
import { expect, test } from './fixtures.ts';
import {
	CERTIFICATE_PASSWORD,
	atStep,
	chooseKey,
	enterPickupPassword,
	kioskStartOver,
	stepHeading,
	walkToKeyOptions
} from './pickup-steps.ts';

const START_HEADING = 'Scan the QR code in your e-mail, or type your order code';
const START_HEADING_NL = 'Scan de QR-code in uw e-mail, of typ uw ordercode';
/** Long enough that no step of a pickup meets it; the idle test sets its own short one. */
const KIOSK = {
	officeName: 'KvK Utrecht',
	idleTimeoutSeconds: 600,
	warningSeconds: 30,
	languages: ['en', 'nl']
};

interface Kiosk {
	app: RunningServer;
	/** Rewrites config.json, which the app reads afresh at every page load. */
	configure(kiosk: object): Promise<void>;
	stop(): Promise<void>;
}

/** The built app with a kiosk config.json, served with its API by a reference server of its own. */
async function startKiosk(kiosk: object = KIOSK): Promise<Kiosk> {
	const build = await mkdtemp(join(tmpdir(), 'cert-pickup-kiosk-'));
	await cp('build', build, { recursive: true });
	const configure = (settings: object) =>
		writeFile(join(build, 'config.json'), JSON.stringify({ apiBaseUrl: '/', kiosk: settings }));
	await configure(kiosk);
	const app = await startServer({ BUILD_DIR: build });
	return {
		app,
		configure,
		async stop() {
			await app.stop();
			await rm(build, { recursive: true, force: true });
		}
	};
}

/** The order's two values, as the CA prints them under the QR code. */
function codesOf(order: CreatedOrder): { orderNumber: string; pickupCode: string } {
	const fragment = new URLSearchParams(new URL(order.link).hash.slice(1));
	return { orderNumber: fragment.get('o')!, pickupCode: fragment.get('s')! };
}

async function typeCode(page: Page, orderNumber: string, pickupCode: string): Promise<void> {
	await page.getByLabel('Order number').fill(orderNumber);
	await page.getByLabel('Pickup code').fill(pickupCode);
	await page.getByRole('button', { name: 'Open my order' }).click();
}

/** Everything of the pickup the browser could still hold, read in the page. */
async function browserTraces(page: Page) {
	return page.evaluate(async (databaseName) => {
		const request = <T>(r: IDBRequest<T>) =>
			new Promise<T>((resolve, reject) => {
				r.onsuccess = () => resolve(r.result);
				r.onerror = () => reject(r.error);
			});
		const databases = (await indexedDB.databases()).map((database) => database.name);
		let records = 0;
		// Opened only when it exists: opening creates it, with none of the app's schema.
		if (databases.includes(databaseName)) {
			const db = await request(indexedDB.open(databaseName));
			for (const store of db.objectStoreNames) {
				records += await request(db.transaction(store).objectStore(store).count());
			}
			db.close();
		}
		const cached: { cache: string; url: string }[] = [];
		for (const cache of await caches.keys()) {
			for (const entry of await (await caches.open(cache)).keys()) {
				cached.push({ cache, url: entry.url });
			}
		}
		// SvelteKit keeps scroll positions per history entry there, written as the page unloads.
		const ownKeys = Object.keys(sessionStorage).filter((key) => !key.startsWith('sveltekit:'));
		return {
			records,
			cached,
			localStorage: { ...localStorage },
			sessionStorageKeys: ownKeys,
			historyLength: history.length
		};
	}, DATABASE_NAME);
}

/**
 * Back on the start screen, with nothing of the last applicant left in any browser storage, and
 * no more history entries than the kiosk's first page made.
 */
async function expectWiped(
	page: Page,
	order: CreatedOrder,
	historyAtStart: number,
	firstLanguage = 'en'
): Promise<void> {
	const heading = firstLanguage === 'nl' ? START_HEADING_NL : START_HEADING;
	await expect(stepHeading(page, heading)).toBeVisible({ timeout: 30_000 });
	await expect(page.locator('html')).toHaveAttribute('lang', firstLanguage);
	const traces = await browserTraces(page);
	expect(traces.records).toBe(0);
	expect(traces.sessionStorageKeys).toEqual([]);
	expect(traces.historyLength).toBe(historyAtStart);
	expect(traces.localStorage).toEqual({ PARAGLIDE_LOCALE: firstLanguage });
	for (const { cache, url } of traces.cached) {
		expect(cache).toMatch(/^(shell-.+|deployment-config)$/);
		expect(new URL(url).pathname).not.toMatch(/^\/api\//);
		expect(url).not.toContain(codesOf(order).orderNumber);
	}
}

async function historyLength(page: Page): Promise<number> {
	return page.evaluate(() => history.length);
}

async function expectPickupStored(page: Page): Promise<void> {
	await expect.poll(async () => (await browserTraces(page)).records).toBeGreaterThan(0);
}

/** Stands in for the save dialog, keeping what the app writes so the test can open it. */
async function fakeSaveDialog(page: Page): Promise<void> {
	await page.addInitScript(() => {
		const saved = window as unknown as { savedToDrive: number[] };
		Object.assign(window, {
			async showSaveFilePicker({ suggestedName }: { suggestedName: string }) {
				return {
					name: suggestedName,
					async createWritable() {
						return {
							async write(data: Uint8Array) {
								saved.savedToDrive = [...data];
							},
							async close() {}
						};
					}
				};
			}
		});
	});
}

interface KioskVisit {
	kiosk: Kiosk;
	order: CreatedOrder;
	/** The history length on the first page: no step of the session may add to it. */
	historyAtStart: number;
}

/** A kiosk with one order and its start screen open in `page`; stopped however the test ends. */
async function atKiosk(page: Page, test: (visit: KioskVisit) => Promise<void>): Promise<void> {
	const kiosk = await startKiosk();
	try {
		const order = await kiosk.app.createOrder();
		await page.goto(kiosk.app.origin);
		await expect(stepHeading(page, START_HEADING)).toBeVisible();
		await test({ kiosk, order, historyAtStart: await historyLength(page) });
		// Left before its server stops: what the page still fetches then (the service worker's
		// install, once the page is quiet; steps fetched ahead) would fail against a server that is gone.
		await page.goto('about:blank');
	} finally {
		await kiosk.stop();
	}
}

/** From the start screen, by the typed code, to the Done step with the pickup stored. */
async function pickUpToDone(page: Page, order: CreatedOrder): Promise<void> {
	await typeCode(page, codesOf(order).orderNumber, codesOf(order).pickupCode);
	await walkToKeyOptions(page, order.pickupPassword);
	await chooseKey(page);
	await atStep(page, 'Your certificate is ready');
	await expectPickupStored(page);
}

test('kiosk mode comes only from config.json, never from the address', async ({ page, server }) => {
	await page.goto(`${server.origin}/?kiosk=1#kiosk={"officeName":"x"}`);
	await expect(page.getByRole('heading', { name: 'Pick up your certificate' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Start over' })).toHaveCount(0);
	await expect(page.locator('html')).not.toHaveClass(/kiosk/);
});

test('kiosk manual entry: clear errors for a missing, malformed or wrong code, the order for the right one', async ({
	page
}) => {
	await atKiosk(page, async ({ order, historyAtStart }) => {
		const { orderNumber, pickupCode } = codesOf(order);
		await expect(page.getByText('Kiosk: KvK Utrecht')).toBeVisible();
		await expect(page.locator('html')).toHaveClass(/kiosk/);
		// The reference server's Permissions-Policy keeps the camera off: manual entry is the fallback.
		await expect(page.getByText('The camera cannot be used.')).toBeVisible();
		const languages = page.getByRole('group', { name: 'Language' }).getByRole('button');
		await expect(languages).toHaveText(['English', 'Nederlands']);

		await page.getByRole('button', { name: 'Open my order' }).click();
		await expect(page.getByRole('alert').filter({ hasText: 'Enter both' })).toBeVisible();
		await typeCode(page, orderNumber, 'too-short');
		await expect(page.getByRole('alert').filter({ hasText: 'is not valid' })).toContainText(
			'capital and small letters are different'
		);
		await typeCode(page, orderNumber, `${pickupCode.slice(0, -4)}AAAA`);
		await expect(page.getByText('This pickup link is not valid.')).toBeVisible({ timeout: 30_000 });
		await kioskStartOver(page);

		await expect(stepHeading(page, START_HEADING)).toBeVisible();
		await typeCode(page, orderNumber, ` ${pickupCode.slice(0, 16)} ${pickupCode.slice(16)} `);
		await expect(stepHeading(page, 'Check your order')).toBeVisible({ timeout: 30_000 });
		expect(new URL(page.url()).hash).toBe('');
		expect(await historyLength(page)).toBe(historyAtStart);
	});
});

test('kiosk completion: saved straight to a drive, confirmed, reminded, then nothing is left', async ({
	page
}) => {
	await fakeSaveDialog(page);
	await atKiosk(page, async ({ order, historyAtStart }) => {
		await pickUpToDone(page, order);

		await page.getByRole('button', { name: 'Save to a USB drive…' }).click();
		await expect(page.getByText(/^Saved as .+\.p12\.$/)).toBeVisible();
		const saved = await page.evaluate(
			() => (window as unknown as { savedToDrive: number[] }).savedToDrive
		);
		const file = join(await mkdtemp(join(tmpdir(), 'cert-pickup-drive-')), 'saved.p12');
		await writeFile(file, Uint8Array.from(saved));
		expect((await opensslReadPkcs12(file, CERTIFICATE_PASSWORD)).leafPem).toContain('Jan Peeters');
		expect((await readFile(file)).length).toBeGreaterThan(1000);
		await expect(page.getByText('Take your USB drive with you, and delete the file')).toBeVisible();

		await page.getByRole('button', { name: 'I have saved my file' }).click();
		await atStep(page, 'Take your USB drive with you');
		await expect(page.getByRole('timer')).toContainText(/cleared for the next person in \d+ s\./);
		await page.getByRole('button', { name: 'Clear the kiosk now' }).click();
		await expectWiped(page, order, historyAtStart);
	});
});

test("kiosk Start over, in the applicant's language, wipes the pickup and the language choice", async ({
	page
}) => {
	await atKiosk(page, async ({ order, historyAtStart }) => {
		await pickUpToDone(page, order);
		await page.getByRole('button', { name: 'Nederlands' }).click();
		await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
		await page.getByRole('button', { name: 'Opnieuw beginnen' }).click();
		await page.getByRole('button', { name: 'Nee, terug' }).click();
		await kioskStartOver(page, {
			startOver: 'Opnieuw beginnen',
			confirm: 'Ja, verwijderen en opnieuw beginnen'
		});
		await expectWiped(page, order, historyAtStart);
	});
});

test('kiosk idle timeout: a visible countdown, Continue keeps the session, then it ends and wipes', async ({
	page
}) => {
	await atKiosk(page, async ({ kiosk, order, historyAtStart }) => {
		await typeCode(page, codesOf(order).orderNumber, codesOf(order).pickupCode);
		await page.getByRole('button', { name: 'Continue' }).click();
		await enterPickupPassword(page, order.pickupPassword);
		await expect(stepHeading(page, 'Choose a certificate password')).toBeVisible();
		// The short timeout only from here, so that no slow step before it can run into it. The
		// applicant's language stays for the session; the wipe returns to the kiosk's first one.
		await kiosk.configure({
			...KIOSK,
			languages: ['nl', 'en'],
			idleTimeoutSeconds: 10,
			warningSeconds: 5
		});
		await page.reload();
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await expectPickupStored(page);

		const warning = page.getByRole('alertdialog', { name: 'Are you still there?' });
		await expect(warning).toContainText(/this session ends in \d+ s/, { timeout: 30_000 });
		await warning.getByRole('button', { name: 'Continue' }).click();
		await expect(warning).toBeHidden();
		// Continue kept the session: the pickup is still here, in the applicant's language.
		await expect(page.getByRole('heading', { level: 2 })).not.toHaveText(START_HEADING);
		await expectPickupStored(page);
		await expect(warning).toBeVisible({ timeout: 30_000 });
		await expectWiped(page, order, historyAtStart, 'nl');
	});
});

test('kiosk QR entry: the QR code of the e-mailed link, shown to the camera, opens the order', async () => {
	test.setTimeout(120_000);
	const kiosk = await startKiosk();
	const video = join(await mkdtemp(join(tmpdir(), 'cert-pickup-qr-')), 'qr.y4m');
	const browser = await chromium.launch({
		executablePath: headlessShellPath,
		args: [
			...chromiumArgs,
			'--use-fake-ui-for-media-stream',
			'--use-fake-device-for-media-stream',
			`--use-file-for-fake-video-capture=${video}`
		]
	});
	const problems: string[] = [];
	try {
		const order = await kiosk.app.createOrder();
		await writeQrVideo(`${kiosk.app.origin}/pickup${new URL(order.link).hash}`, video);
		const context = await browser.newContext();
		const page = await context.newPage();
		page.on('console', (message) => {
			if (message.type() === 'error') problems.push(message.text());
		});
		page.on('pageerror', (error) => problems.push(error.message));
		await page.goto(kiosk.app.origin);
		const historyAtStart = await historyLength(page);
		await expect(stepHeading(page, 'Check your order')).toBeVisible({ timeout: 60_000 });
		await expect(page.getByText(order.orderId).first()).toBeVisible();
		expect(await historyLength(page)).toBe(historyAtStart);
		expect(problems).toEqual([]);
	} finally {
		await browser.close();
		await kiosk.stop();
	}
});
