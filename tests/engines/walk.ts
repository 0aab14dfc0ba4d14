import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import {
	opensslReadPkcs12,
	publicKeyOfCertificate,
	publicKeyOfPrivateKey
} from '../support/openssl.ts';
import type { CreatedOrder, RunningServer } from '../support/server.ts';
import { CERTIFICATE_PASSWORD } from '../e2e/pickup-steps.ts';
import { SLOW_STEP_MS, type EngineDriver } from './driver.ts';

/**
 * One pickup as an applicant walks it, written once for every engine: each control is found by its
 * role and accessible name, each step by its focused heading.
 */

const HOLDER = 'Jan Peeters';
const SLOW_STEP = { timeout: SLOW_STEP_MS };

export interface KeyChoice {
	label: string;
	/** The key type's radio button: its label, which a hint or a "recommended" mark may follow. */
	key: string;
	legacy: boolean;
}

const en = JSON.parse(readFileSync('messages/en.json', 'utf8')) as Record<string, string>;

export const KEY_CHOICES: KeyChoice[] = [
	{ label: 'RSA-2048, modern', key: en.key_rsa_2048!, legacy: false },
	{ label: 'P-256, modern', key: en.key_p256!, legacy: false },
	{ label: 'P-256, legacy', key: en.key_p256!, legacy: true }
];

/** The step's heading has the focus, once the page's frames come (see `lateFrames`). */
export async function atStep(driver: EngineDriver, heading: string): Promise<void> {
	await driver.evaluate('window.__enginesProbe.releaseFrames()');
	await expect
		.poll(() => driver.isFocused('heading', heading), {
			message: `the focus on the step heading "${heading}"`,
			...SLOW_STEP
		})
		.toBe(true);
}

/**
 * Holds the page's animation frames back until the next keystroke: the next step's first frame then
 * comes while its field is being typed into, as it did in WebKitGTK, whatever the engine.
 */
async function lateFrames(driver: EngineDriver): Promise<void> {
	await driver.evaluate('window.__enginesProbe.holdFrames()');
}

/**
 * Types into a step's field the moment it is shown, without waiting for the step's heading to take
 * the focus first, and checks that every keystroke landed in the field.
 */
export async function typeOnceShown(
	driver: EngineDriver,
	label: string,
	text: string
): Promise<void> {
	expect(
		await driver.typeOnceShown(label, text),
		`the whole text typed into "${label}" as soon as it was shown`
	).toBe(text);
}

export async function openOrder(driver: EngineDriver, order: CreatedOrder): Promise<void> {
	await driver.goto(order.link);
	await atStep(driver, 'Check your order');
	expect(await driver.url(), 'the link secret is removed from the address bar').not.toContain('#');
	expect(await driver.text()).toContain(HOLDER);
	await lateFrames(driver);
	await driver.click('button', 'Continue');
}

export async function enterPickupPassword(driver: EngineDriver, password: string): Promise<void> {
	await typeOnceShown(driver, 'Pickup password', password);
	await lateFrames(driver);
	await driver.click('button', 'Check pickup password');
}

/** A fresh order opened from its link and proved with its pickup password. */
export async function startPickup(
	driver: EngineDriver,
	server: RunningServer
): Promise<CreatedOrder> {
	const order = await server.createOrder();
	await openOrder(driver, order);
	await enterPickupPassword(driver, order.pickupPassword);
	return order;
}

export async function chooseCertificatePassword(driver: EngineDriver): Promise<void> {
	await typeOnceShown(driver, 'Certificate password', CERTIFICATE_PASSWORD);
	await typeOnceShown(driver, 'Repeat the certificate password', CERTIFICATE_PASSWORD);
	await driver.click('button', 'Continue');
}

export async function acceptAgreement(driver: EngineDriver): Promise<void> {
	await atStep(driver, 'Subscriber agreement');
	await driver.click('checkbox', 'I have read and accept the subscriber agreement');
	await driver.click('button', 'Accept and continue');
}

export async function chooseKey(driver: EngineDriver, choice: KeyChoice): Promise<void> {
	await atStep(driver, 'Key and file options');
	await driver.click('radio', { prefix: choice.key });
	await driver.click('radio', { prefix: en[choice.legacy ? 'profile_legacy' : 'profile_modern']! });
	await driver.click('button', 'Create my certificate');
}

/**
 * Takes the .p12 the Done step offers and proves with openssl that its key and leaf belong together;
 * gives the file's name.
 */
export async function expectWorkingP12(driver: EngineDriver, orderId: string): Promise<string> {
	await atStep(driver, 'Your certificate is ready');
	const { name, bytes } = await driver.download('Download certificate file (.p12)');
	expect(name).toBe(`Jan-Peeters-${orderId}.p12`);
	const file = join(await mkdtemp(join(tmpdir(), 'cert-pickup-engine-')), name);
	await writeFile(file, bytes);
	const { keyPem, leafPem } = await opensslReadPkcs12(file, CERTIFICATE_PASSWORD);
	expect(leafPem).toContain(HOLDER);
	expect(await publicKeyOfPrivateKey(keyPem)).toBe(await publicKeyOfCertificate(leafPem));
	await expect(opensslReadPkcs12(file, 'Wrong4Password9Here')).rejects.toThrow();
	return name;
}

interface ButtonSize {
	height: number;
	/** How many lines of text its content box is tall. */
	lines: number;
}

const measureButtons = `(() => {
	const named = (selector, name) =>
		[...document.querySelectorAll(selector)].find((element) => element.textContent.trim() === name);
	const size = (element) => {
		const style = getComputedStyle(element);
		const content =
			element.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
		return {
			height: element.getBoundingClientRect().height,
			lines: content / parseFloat(style.lineHeight)
		};
	};
	return {
		download: size(named('a', ${JSON.stringify(en.done_download_p12)})),
		saved: size(named('button', ${JSON.stringify(en.done_saved)}))
	};
})()`;

/** The Done step's .p12 link, styled as its main button, is one line tall like its other buttons. */
export async function expectOneLineDownloadButton(driver: EngineDriver): Promise<void> {
	const { download, saved } = await driver.evaluate<{ download: ButtonSize; saved: ButtonSize }>(
		measureButtons
	);
	expect(download.lines, 'the lines the .p12 button is tall').toBeCloseTo(1, 1);
	expect(download.height, 'the .p12 button, as tall as "I have saved my file"').toBeCloseTo(
		saved.height,
		0
	);
}

/** The install guide's commands open the file as it was downloaded, not a made-up name. */
export async function expectInstallCommandsOpen(
	driver: EngineDriver,
	fileName: string
): Promise<void> {
	await driver.click('button', { prefix: en.install_linux_title! });
	const text = await driver.text();
	expect(text).toContain(`pk12util -d sql:$HOME/.pki/nssdb -i ${fileName}`);
	expect(text).toContain(`openssl pkcs12 -in ${fileName} -out key-and-cert.pem`);
}

/** Waits until the app's service worker is activated, as it is a moment after the first visit. */
export async function serviceWorkerActive(driver: EngineDriver): Promise<void> {
	const state = `navigator.serviceWorker.getRegistration().then(
		(registration) => registration?.active?.state ?? 'no active service worker'
	)`;
	await expect
		.poll(() => driver.evaluate<string>(state), {
			message: 'the service worker is activated',
			...SLOW_STEP
		})
		.toBe('activated');
}

export async function serviceWorkerControls(driver: EngineDriver): Promise<boolean> {
	return driver.evaluate<boolean>('navigator.serviceWorker.controller !== null');
}
