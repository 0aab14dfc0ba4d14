import { axeViolations, expectNoAxeViolations } from '../support/axe.ts';
import { expect, test } from './fixtures.ts';
import {
	acceptAgreement,
	atStep,
	chooseCertificatePassword,
	chooseKey,
	enterPickupPassword,
	reviewOrder,
	openOrder
} from './pickup-steps.ts';

test('axe finds no violations on any step, at desktop width and on a 360-pixel screen', async ({
	page,
	server
}) => {
	for (const width of [1280, 360]) {
		await page.setViewportSize({ width, height: 800 });
		const order = await openOrder(page, server);
		await atStep(page, 'Check your order');
		await expectNoAxeViolations(page, `review at ${width}px`);
		await reviewOrder(page);
		await atStep(page, 'Enter your pickup password');
		await enterPickupPassword(page, 'wrong-password');
		await expect(page.getByRole('alert')).toContainText('not correct');
		await expectNoAxeViolations(page, `pickup password with an error at ${width}px`);
		await enterPickupPassword(page, order.pickupPassword);
		await atStep(page, 'Choose a certificate password');
		await page.getByLabel('Certificate password', { exact: true }).fill('short');
		await expectNoAxeViolations(page, `certificate password at ${width}px`);
		await page.getByRole('button', { name: 'Suggest a strong password' }).click();
		await expect(
			page.getByRole('region', { name: 'Suggested certificate password' })
		).toBeVisible();
		await expectNoAxeViolations(page, `certificate password with a suggestion at ${width}px`);
		await chooseCertificatePassword(page);
		await atStep(page, 'Subscriber agreement');
		await expectNoAxeViolations(page, `agreement at ${width}px`);
		await acceptAgreement(page);
		await atStep(page, 'Key and file options');
		await expectNoAxeViolations(page, `key options at ${width}px`);
		await page.getByRole('button', { name: 'I already have a certificate request (CSR)' }).click();
		await atStep(page, 'Use your own certificate request');
		await expectNoAxeViolations(page, `CSR upload at ${width}px`);
		await page.getByRole('button', { name: 'Back to key options' }).click();
		await chooseKey(page);
		await atStep(page, 'Your certificate is ready');
		await expectNoAxeViolations(page, `done at ${width}px`);
		const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
		expect(scrollWidth, 'no horizontal scrolling').toBeLessThanOrEqual(width);
	}
});

test('the start page, the failure page and a 200% zoom pass axe too', async ({ page, server }) => {
	await page.goto(server.origin);
	// The page is rendered by the app after config.json has loaded: axe must not see the empty shell.
	await expect(page.getByRole('heading', { name: 'Pick up your certificate' })).toBeVisible();
	await expectNoAxeViolations(page, 'start page');
	await page.goto(`${server.origin}/pickup`);
	await atStep(page, 'The pickup cannot continue');
	await expectNoAxeViolations(page, 'failure page');
	const order = await server.createOrder();
	await page.setViewportSize({ width: 640, height: 800 });
	await page.goto(order.link);
	await atStep(page, 'Check your order');
	await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
	const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(scrollWidth, 'no horizontal scrolling at 200% text size').toBeLessThanOrEqual(640);
	await expectNoAxeViolations(page, 'review at 200%');
});

test('the axe check finds a violation of each kind it covers: A, AA and best practice', async ({
	page
}) => {
	await page.setContent(`<!doctype html><html lang="en"><title>t</title><body>
		<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
		<p style="color:#aaa;background:#fff">Faint text</p>
	</body></html>`);
	const found = (await axeViolations(page)).map((violation) => violation.split(':')[0]);
	expect(found).toEqual(
		expect.arrayContaining(['image-alt', 'color-contrast', 'landmark-one-main', 'region'])
	);
});

test('axe, kept in a page between checks, sees the page as it is now, frames included', async ({
	page
}) => {
	// A page with an origin, which axe's messages between frames need (setContent's has none).
	const pages: Record<string, string> = {
		'/': `<!doctype html><html lang="en"><title>t</title><main><h1>Clean</h1>
			<iframe title="Inner" src="/inner"></iframe></main>`,
		'/inner': '<!doctype html><html lang="en"><title>i</title><p>Inner</p>'
	};
	await page.route('http://axe.test/**', (route) =>
		route.fulfill({
			contentType: 'text/html',
			body: pages[new URL(route.request().url()).pathname]
		})
	);
	await page.goto('http://axe.test/');
	expect(await axeViolations(page)).toEqual([]);
	await page.evaluate(() => {
		document.querySelector('h1')!.insertAdjacentHTML('afterend', '<input type="text">');
		const inner = document.querySelector('iframe')!.contentDocument!;
		inner.querySelector('p')!.insertAdjacentHTML('afterend', '<img src="data:,">');
	});
	expect(await axeViolations(page)).toEqual(
		expect.arrayContaining(['label: input', 'image-alt: iframe img'])
	);
});
