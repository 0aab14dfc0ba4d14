/**
 * Time from opening the e-mailed link to the .p12 being offered, in Debian's Chromium against the
 * real reference server, with every field filled at once (no typing time). Median of several runs.
 */
import { chromium } from '@playwright/test';
import { chromiumArgs } from '../playwright.config';
import { startServer } from '../tests/support/server';
import { median, writeResultsSection } from './results';

const RUNS = 5;
const CERTIFICATE_PASSWORD = 'Correct4Horse9Battery';

async function onePickup(link: string, pickupPassword: string, algorithm: RegExp): Promise<number> {
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: chromiumArgs
	});
	try {
		const page = await browser.newPage();
		const heading = (name: string) => page.getByRole('heading', { level: 2, name });
		const started = performance.now();
		await page.goto(link);
		await page.getByRole('button', { name: 'Continue' }).click();
		await page.getByLabel('Pickup password').fill(pickupPassword);
		await page.getByRole('button', { name: 'Check pickup password' }).click();
		await heading('Choose a certificate password').waitFor();
		await page.getByLabel('Certificate password', { exact: true }).fill(CERTIFICATE_PASSWORD);
		await page.getByLabel('Repeat the certificate password').fill(CERTIFICATE_PASSWORD);
		await page.getByRole('button', { name: 'Continue' }).click();
		await page.getByLabel('I have read and accept the subscriber agreement').check();
		await page.getByRole('button', { name: 'Accept and continue' }).click();
		await page.getByLabel(algorithm).check();
		await page.getByRole('button', { name: 'Create my certificate' }).click();
		await page
			.getByRole('link', { name: 'Download certificate file (.p12)' })
			.waitFor({ timeout: 120_000 });
		return performance.now() - started;
	} finally {
		await browser.close();
	}
}

export async function measurePickupTime(): Promise<string> {
	const server = await startServer();
	const rows: string[] = [];
	try {
		for (const [label, algorithm] of [
			['P-256', /P-256/],
			['RSA-2048', /RSA 2048/]
		] as const) {
			const times: number[] = [];
			for (let run = 0; run < RUNS; run++) {
				const order = await server.createOrder(['--keys', 'RSA-2048,P-256']);
				times.push(await onePickup(order.link, order.pickupPassword, algorithm));
			}
			rows.push(
				`| ${label} | ${(median(times) / 1000).toFixed(2)} s | ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} |`
			);
		}
	} finally {
		await server.stop();
	}
	return [
		`Measured ${new Date().toISOString()}: link opened to .p12 offered, fields filled instantly, ${RUNS} runs each, modern profile, a fresh browser per run (cold cache).`,
		'',
		'| key | median | runs |',
		'| --- | --- | --- |',
		...rows
	].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const table = await measurePickupTime();
	await writeResultsSection('Pickup time', table);
	console.log(table);
}
