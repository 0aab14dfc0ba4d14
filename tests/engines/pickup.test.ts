import { expect, test } from './fixtures.ts';
import {
	acceptAgreement,
	atStep,
	chooseCertificatePassword,
	chooseKey,
	expectInstallCommandsOpen,
	expectOneLineDownloadButton,
	expectWorkingP12,
	KEY_CHOICES,
	serviceWorkerActive,
	serviceWorkerControls,
	startPickup
} from './walk.ts';

for (const choice of KEY_CHOICES) {
	test(`${choice.label}: typed without waiting, the pickup ends in a .p12 that openssl opens, on a one-line button, named in the install commands`, async ({
		driver,
		server
	}) => {
		const order = await startPickup(driver, server);
		await chooseCertificatePassword(driver);
		await acceptAgreement(driver);
		await chooseKey(driver, choice);
		const fileName = await expectWorkingP12(driver, order.orderId);
		await expectOneLineDownloadButton(driver);
		await expectInstallCommandsOpen(driver, fileName);
	});
}

test('a reload right after the pickup password resumes at that step, under the service worker', async ({
	driver,
	server
}) => {
	await startPickup(driver, server);
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
