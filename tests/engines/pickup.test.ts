import { expect, test } from './fixtures';
import {
	acceptAgreement,
	atStep,
	chooseCertificatePassword,
	chooseKey,
	enterPickupPassword,
	expectWorkingP12,
	KEY_CHOICES,
	openOrder,
	serviceWorkerActive,
	serviceWorkerControls
} from './walk';

for (const choice of KEY_CHOICES) {
	test(`${choice.label}: the pickup ends in a .p12 that openssl opens`, async ({
		driver,
		server
	}) => {
		const order = await server.createOrder();
		await openOrder(driver, order);
		await enterPickupPassword(driver, order.pickupPassword);
		await chooseCertificatePassword(driver);
		await acceptAgreement(driver);
		await chooseKey(driver, choice);
		await expectWorkingP12(driver, order.orderId);
	});
}

test('a reload right after the pickup password resumes at that step, under the service worker', async ({
	driver,
	server
}) => {
	const order = await server.createOrder();
	await openOrder(driver, order);
	await enterPickupPassword(driver, order.pickupPassword);
	await atStep(driver, 'Choose a certificate password');
	await serviceWorkerActive(driver);
	await driver.reload();
	await atStep(driver, 'Choose a certificate password');
	expect(await serviceWorkerControls(driver), 'the service worker controls the reloaded page').toBe(
		true
	);
	await chooseCertificatePassword(driver);
	await atStep(driver, 'Subscriber agreement');
});
