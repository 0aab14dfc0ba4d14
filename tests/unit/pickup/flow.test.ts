import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../src/lib/api/errors';
import type { IssuanceResult, OrderSummary } from '../../../src/lib/api/types';
import { PickupFlow, type PickupApiPort } from '../../../src/lib/pickup/flow';
import { readPickupLink } from '../../../src/lib/pickup/link';
import type { PickupState } from '../../../src/lib/pickup/state';
import { readPkcs12 } from '../../../src/lib/pki/pkcs12';
import { createTestCa, type TestCa } from '../../support/test-ca';
import { orderSummary } from '../components/fixtures';

const LINK = readPickupLink('#o=ord_test_1&s=q3Yx8mZ1vK0pL7sT2wR9aB');
const PASSWORD = 'Abcdefgh1234';

let ca: TestCa;
beforeAll(async () => {
	ca = await createTestCa();
});

/** An in-memory pickup server: the right pickup password is "pickup-pw". */
function fakeApi(order: OrderSummary, overrides: Partial<PickupApiPort> = {}) {
	const api: PickupApiPort = {
		summary: vi.fn(async () => order),
		openSession: vi.fn(async (_id: string, _secret: string, password: string) => {
			if (password !== 'pickup-pw') {
				throw new ApiError('pickup_password_wrong', 'wrong', { status: 401, attemptsLeft: 4 });
			}
			return { sessionToken: 'token', expiresAt: new Date(Date.now() + 600_000).toISOString() };
		}),
		requestCertificate: vi.fn(
			async (_id: string, _token: string, body: { csr: string }): Promise<IssuanceResult> => {
				const leaf = await ca.issue(body.csr, order.subject, order.subjectAltNames);
				return { status: 'issued', chainPem: ca.chainPem(leaf) };
			}
		),
		fetchCertificate: vi.fn(),
		acknowledgeCollected: vi.fn(async () => undefined),
		...overrides
	};
	return api;
}

function record(flow: PickupFlow): PickupState[] {
	const states: PickupState[] = [];
	flow.subscribe((state) => states.push(state));
	return states;
}

async function atCertificatePassword(
	api: PickupApiPort,
	wait?: (ms: number) => Promise<void>
): Promise<PickupFlow> {
	const flow = new PickupFlow({ api, wait });
	await flow.open(LINK);
	flow.confirmReview();
	await flow.submitPickupPassword('pickup-pw');
	expect(flow.state.step).toBe('certificate-password');
	return flow;
}

describe('PickupFlow', () => {
	it('walks from the link to a .p12 that opens with the certificate password', async () => {
		const order = orderSummary();
		const api = fakeApi(order);
		const flow = new PickupFlow({ api });
		const states = record(flow);
		await flow.open(LINK);
		flow.confirmReview();
		await flow.submitPickupPassword('pickup-pw');
		await flow.submitCertificatePassword(PASSWORD, PASSWORD);

		expect(
			states.map((state) => (state.step === 'working' ? `working:${state.stage}` : state.step))
		).toEqual([
			'opening',
			'review',
			'pickup-password',
			'pickup-password',
			'certificate-password',
			'working:key',
			'working:request',
			'working:building',
			'done'
		]);
		const done = flow.state;
		if (done.step !== 'done') throw new Error('not done');
		expect(done.result.p12FileName).toBe('Jan-Peeters-ord_test_1.p12');
		expect(done.result.certificate.subject).toContain('CN=Jan Peeters');
		expect(done.result.certificate.sha256Fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
		const opened = await readPkcs12(done.result.p12, PASSWORD);
		expect(opened.certificates.length).toBeGreaterThanOrEqual(2);
		expect(api.requestCertificate).toHaveBeenCalledWith(
			'ord_test_1',
			'token',
			expect.objectContaining({ agreementVersion: '1' })
		);

		await flow.acknowledgeCollected();
		expect(flow.state).toMatchObject({ step: 'done', acknowledged: true, error: null });
	});

	it.each([
		['link_missing', ''],
		['link_malformed', '#o=ord_test_1']
	])('fails with %s without calling the server', async (code, fragment) => {
		const api = fakeApi(orderSummary());
		const flow = new PickupFlow({ api });
		await flow.open(readPickupLink(fragment));
		expect(flow.state).toMatchObject({ step: 'failed', error: { code } });
		expect(api.summary).not.toHaveBeenCalled();
	});

	it('refuses an order that can no longer be collected', async () => {
		const flow = new PickupFlow({ api: fakeApi(orderSummary({ status: 'collected' })) });
		await flow.open(LINK);
		expect(flow.state).toMatchObject({
			step: 'failed',
			error: { code: 'order_not_collectable', detail: 'collected' }
		});
	});

	it('reports the server refusing the link', async () => {
		const api = fakeApi(orderSummary(), {
			summary: vi.fn(async () => {
				throw new ApiError('order_expired', 'expired', { status: 410 });
			})
		});
		const flow = new PickupFlow({ api });
		await flow.open(LINK);
		expect(flow.state).toMatchObject({
			step: 'failed',
			order: null,
			error: { code: 'order_expired' }
		});
	});

	it('stays on the pickup password after a wrong one, with the attempts left, then accepts the right one', async () => {
		const flow = new PickupFlow({ api: fakeApi(orderSummary()) });
		await flow.open(LINK);
		flow.confirmReview();
		await flow.submitPickupPassword('guess');
		expect(flow.state).toMatchObject({
			step: 'pickup-password',
			busy: false,
			error: { code: 'pickup_password_wrong', attemptsLeft: 4 },
			order: { pickupAttemptsLeft: 4 }
		});
		await flow.submitPickupPassword('pickup-pw');
		expect(flow.state.step).toBe('certificate-password');
	});

	it('keeps the pickup password step open when the network fails', async () => {
		const api = fakeApi(orderSummary(), {
			openSession: vi.fn(async () => {
				throw new ApiError('network', 'offline');
			})
		});
		const flow = new PickupFlow({ api });
		await flow.open(LINK);
		flow.confirmReview();
		await flow.submitPickupPassword('pickup-pw');
		expect(flow.state).toMatchObject({ step: 'pickup-password', error: { code: 'network' } });
	});

	it('ends the pickup when the order locks', async () => {
		const api = fakeApi(orderSummary(), {
			openSession: vi.fn(async () => {
				throw new ApiError('order_locked', 'locked', { status: 423 });
			})
		});
		const flow = new PickupFlow({ api });
		await flow.open(LINK);
		flow.confirmReview();
		await flow.submitPickupPassword('x');
		expect(flow.state).toMatchObject({ step: 'failed', error: { code: 'order_locked' } });
	});

	it.each([
		['password_policy', 'short', 'short'],
		['password_policy', 'Abcdefgh-1234', 'Abcdefgh-1234'],
		['password_mismatch', PASSWORD, PASSWORD + 'x']
	])(
		'refuses the certificate password with %s before generating a key',
		async (code, password, confirmation) => {
			const api = fakeApi(orderSummary());
			const flow = await atCertificatePassword(api);
			await flow.submitCertificatePassword(password, confirmation);
			expect(flow.state).toMatchObject({ step: 'certificate-password', error: { code } });
			expect(api.requestCertificate).not.toHaveBeenCalled();
		}
	);

	it('waits for a pending issuance with the server retry delay', async () => {
		const order = orderSummary();
		let issued: IssuanceResult | null = null;
		const api = fakeApi(order, {
			requestCertificate: vi.fn(async (_id: string, _token: string, body: { csr: string }) => {
				const leaf = await ca.issue(body.csr, order.subject, order.subjectAltNames);
				issued = { status: 'issued', chainPem: ca.chainPem(leaf) };
				return { status: 'pending', retryAfterSeconds: 7 } as const;
			}),
			fetchCertificate: vi
				.fn<PickupApiPort['fetchCertificate']>()
				.mockResolvedValueOnce({ status: 'pending', retryAfterSeconds: 3 })
				.mockImplementation(async () => issued!)
		});
		const wait = vi.fn(async () => undefined);
		const flow = await atCertificatePassword(api, wait);
		const states = record(flow);
		await flow.submitCertificatePassword(PASSWORD, PASSWORD);
		expect(wait.mock.calls).toEqual([[7000], [3000]]);
		expect(
			states.filter((state) => state.step === 'working' && state.stage === 'waiting')
		).toHaveLength(2);
		expect(flow.state.step).toBe('done');
	});

	it('rejects a certificate that does not carry our key', async () => {
		const order = orderSummary();
		const otherCsr = await (async () => {
			const { generateKeyPair } = await import('../../../src/lib/pki/keys');
			const { createCsr } = await import('../../../src/lib/pki/csr');
			return createCsr({
				keys: await generateKeyPair('P-256'),
				subject: order.subject,
				subjectAltNames: order.subjectAltNames
			});
		})();
		const api = fakeApi(order, {
			requestCertificate: vi.fn(async () => {
				const leaf = await ca.issue(otherCsr, order.subject, order.subjectAltNames);
				return { status: 'issued', chainPem: ca.chainPem(leaf) } as const;
			})
		});
		const flow = await atCertificatePassword(api);
		await flow.submitCertificatePassword(PASSWORD, PASSWORD);
		expect(flow.state).toMatchObject({
			step: 'failed',
			error: { code: 'pki:chain_leaf_key_mismatch' }
		});
	});

	it('keeps the result when acknowledging fails', async () => {
		const api = fakeApi(orderSummary(), {
			acknowledgeCollected: vi.fn(async () => {
				throw new ApiError('network', 'offline');
			})
		});
		const flow = await atCertificatePassword(api);
		await flow.submitCertificatePassword(PASSWORD, PASSWORD);
		await flow.acknowledgeCollected();
		expect(flow.state).toMatchObject({
			step: 'done',
			acknowledged: false,
			error: { code: 'network' }
		});
	});
});
