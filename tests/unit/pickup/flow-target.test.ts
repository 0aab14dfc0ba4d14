import { beforeAll, describe, expect, it } from 'vitest';
import { detectPlatform } from '../../../src/lib/pickup/platform.ts';
import { createTestCa, type TestCa } from '../../interop/support/ca.ts';
import { orderSummary } from '../components/fixtures.ts';
import { fakeApi, harness, LINK, ORDER_ID, PICKUP_PASSWORD, type Harness } from './flow-fakes.ts';

let ca: TestCa;
beforeAll(async () => {
	ca = await createTestCa('Flow Target Test');
});

/** Letters and digits, within the order's 12 to 128, beyond the 31 of Linux desktop importers. */
const LONG_PASSWORD = 'Abcdefgh1234'.repeat(3);
const SHORT_PASSWORD = 'Abcdefgh1234';
const MAC_SAFARI =
	'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15';

async function toCertificatePassword(h: Harness): Promise<void> {
	await h.flow.open(LINK);
	h.flow.confirmReview();
	await h.flow.submitPickupPassword(PICKUP_PASSWORD);
}

describe('PickupFlow: where the certificate will be used', () => {
	it('preselects the answer from the platform, and the key options follow it', async () => {
		const h = harness(fakeApi(ca, orderSummary()), { platform: detectPlatform(MAC_SAFARI) });
		await toCertificatePassword(h);
		expect(h.flow.state).toMatchObject({ step: 'certificate-password', target: 'macos' });
		await h.flow.submitCertificatePassword(SHORT_PASSWORD, SHORT_PASSWORD);
		await h.flow.acceptAgreement(true);
		expect(h.flow.state).toMatchObject({
			step: 'key-options',
			target: 'macos',
			choice: { algorithm: 'RSA-2048', profile: 'legacy' }
		});
	});

	it('takes the applicant’s answer over the platform’s', async () => {
		const h = harness(fakeApi(ca, orderSummary()));
		await toCertificatePassword(h);
		expect(h.flow.state).toMatchObject({ target: 'linux' });
		await h.flow.submitCertificatePassword(SHORT_PASSWORD, SHORT_PASSWORD, 'signing');
		await h.flow.acceptAgreement(true);
		expect(h.flow.state).toMatchObject({
			step: 'key-options',
			target: 'signing',
			choice: { algorithm: 'RSA-2048', profile: 'modern' }
		});
	});

	it('refuses a password the order allows but the target’s importer does not, keeping the answer', async () => {
		const h = harness(fakeApi(ca, orderSummary()));
		await toCertificatePassword(h);
		await h.flow.submitCertificatePassword(LONG_PASSWORD, LONG_PASSWORD, 'linux');
		expect(h.flow.state).toMatchObject({
			step: 'certificate-password',
			target: 'linux',
			error: { code: 'password_target_limit' }
		});
		await h.flow.submitCertificatePassword(LONG_PASSWORD, LONG_PASSWORD, 'windows');
		expect(h.flow.state).toMatchObject({ step: 'agreement' });
	});

	it('sends the applicant back for another password when a new answer on the key options does not suit it', async () => {
		const h = harness(fakeApi(ca, orderSummary()));
		await toCertificatePassword(h);
		await h.flow.submitCertificatePassword(LONG_PASSWORD, LONG_PASSWORD, 'windows');
		await h.flow.acceptAgreement(true);
		await h.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' }, 'linux');
		expect(h.flow.state).toMatchObject({
			step: 'certificate-password',
			target: 'linux',
			again: false,
			error: { code: 'password_target_limit' }
		});
		expect((await h.store.get(ORDER_ID))?.keyChoice).toBeUndefined();
		await h.flow.submitCertificatePassword(SHORT_PASSWORD, SHORT_PASSWORD, 'linux');
		expect(h.flow.state).toMatchObject({
			step: 'key-options',
			target: 'linux',
			choice: { algorithm: 'P-256', profile: 'modern' }
		});
	});

	it('goes on when the new answer on the key options suits the password', async () => {
		const h = harness(fakeApi(ca, orderSummary()));
		await toCertificatePassword(h);
		await h.flow.submitCertificatePassword(SHORT_PASSWORD, SHORT_PASSWORD, 'windows');
		await h.flow.acceptAgreement(true);
		await h.flow.chooseKeyOptions({ algorithm: 'RSA-2048', profile: 'legacy' }, 'java');
		expect(h.flow.state).toMatchObject({ step: 'done' });
		expect((await h.store.get(ORDER_ID))?.keyChoice).toEqual({
			algorithm: 'RSA-2048',
			profile: 'legacy'
		});
	});
});
