import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../src/lib/api/errors.ts';
import type { IssuanceResult, OrderSummary } from '../../../src/lib/api/types.ts';
import type { OrderStatus } from '../../../src/lib/domain/order-statuses.ts';
import { pickupCryptoOver } from '../../../src/lib/pickup/crypto-worker-client.ts';
import * as cryptoChunk from '../../../src/lib/pickup/crypto-chunk.ts';
import { readPickupLink } from '../../../src/lib/pickup/link.ts';
import { WorkerClient } from '../../../src/lib/pickup/worker-client.ts';
import type { PickupApiPort } from '../../../src/lib/pickup/ports.ts';
import { createCsr } from '../../../src/lib/pki/csr.ts';
import { generateKeyPair } from '../../../src/lib/pki/keys.ts';
import { readPkcs12 } from '../../../src/lib/pki/pkcs12/index.ts';
import { createTestCa, type TestCa } from '../../interop/support/ca.ts';
import { orderSummary } from '../components/fixtures.ts';
import { channelWorker } from './channel-worker.ts';
import {
	fakeApi,
	FakeLock,
	harness,
	issueChainPem,
	issuingAfter,
	LINK,
	LINK_SECRET,
	MemoryStore,
	ORDER_ID,
	PASSWORD,
	PICKUP_PASSWORD,
	stepsOf,
	SLOW_MACHINE,
	toKeyOptions
} from './flow-fakes.ts';

let ca: TestCa;
beforeAll(async () => {
	ca = await createTestCa('Flow Test');
});

const offline = () => new ApiError('network', 'offline');

describe('PickupFlow: the whole pickup', () => {
	it('walks from the link to a .p12, saving each step and the wrapped key before the request leaves', async () => {
		const order = orderSummary();
		let savedWhenSent: unknown;
		const h = harness(
			fakeApi(ca, order, {
				requestCertificate: vi.fn(async (_id: string, _token: string, body: { csr: string }) => {
					savedWhenSent = await h.store.get(ORDER_ID);
					return { status: 'issued', chainPem: await issueChainPem(ca, body.csr, order) } as const;
				})
			})
		);
		await toKeyOptions(h);
		expect(h.flow.state).toMatchObject({
			step: 'key-options',
			choice: { algorithm: 'P-256', profile: 'modern' }
		});
		await h.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'legacy' });

		expect(stepsOf(h.states)).toEqual([
			'opening',
			'opening',
			'review',
			'pickup-password',
			'pickup-password',
			'certificate-password',
			'agreement',
			'key-options',
			'working:key',
			'working:request',
			'working:building',
			'done'
		]);
		expect(savedWhenSent).toMatchObject({
			step: 'requested',
			wrappedKey: expect.any(Uint8Array),
			csrPem: expect.any(String)
		});
		const record = await h.store.get(ORDER_ID);
		expect(record).toMatchObject({
			step: 'done',
			agreement: { version: '1', acceptedAt: '2026-11-26T12:00:00.000Z' },
			keyChoice: { algorithm: 'P-256', profile: 'legacy' },
			chainPem: expect.stringContaining('BEGIN CERTIFICATE')
		});
		expect(JSON.stringify(record)).not.toContain(PASSWORD);

		const done = h.flow.state;
		if (done.step !== 'done') throw new Error('not done');
		expect(done.result.p12.name).toBe('Jan-Peeters-ord_test_1.p12');
		expect(done.result.certificate.subject).toContain('CN=Jan Peeters');
		expect(done.result.certificate.sha256Fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
		const opened = await readPkcs12(done.result.p12.data as Uint8Array, PASSWORD);
		expect(opened.certificates.length).toBeGreaterThanOrEqual(2);

		await h.flow.acknowledgeCollected();
		expect(h.flow.state).toMatchObject({ step: 'done', acknowledged: true, error: null });
		expect(h.store.records.size).toBe(0);
	});

	it.each([
		['link_missing', ''],
		['link_malformed', `#o=${ORDER_ID}`]
	])('fails with %s without calling the server', async (code, fragment) => {
		const api = fakeApi(ca, orderSummary());
		const h = harness(api);
		await h.flow.open(readPickupLink(fragment));
		expect(h.flow.state).toMatchObject({ step: 'failed', error: { code }, retryable: false });
		expect(api.summary).not.toHaveBeenCalled();
	});

	it.each([
		['expired', 'order_expired'],
		['cancelled', 'order_cancelled'],
		['collected', 'order_collected']
	] as [OrderStatus, string][])(
		'explains a %s order and forgets its local data',
		async (status, code) => {
			const store = new MemoryStore();
			await harness(fakeApi(ca, orderSummary()), { store }).flow.open(LINK);
			const h = harness(fakeApi(ca, orderSummary({ status })), { store });
			await h.flow.open(LINK);
			expect(h.flow.state).toMatchObject({ step: 'failed', error: { code, detail: status } });
			expect(store.records.size).toBe(0);
		}
	);

	it('explains a locked order and keeps its local data: the CA can unlock it', async () => {
		const store = new MemoryStore();
		await harness(fakeApi(ca, orderSummary()), { store }).flow.open(LINK);
		const h = harness(fakeApi(ca, orderSummary({ status: 'locked' })), { store });
		await h.flow.open(LINK);
		expect(h.flow.state).toMatchObject({
			step: 'failed',
			error: { code: 'order_locked', detail: 'locked' }
		});
		expect(store.records.size).toBe(1);
	});

	it('says at once when the browser cannot make keys, before the applicant types anything', async () => {
		const api = fakeApi(ca, orderSummary());
		const h = harness(api, { hasWebCrypto: () => false });
		await h.flow.open(LINK);
		expect(h.flow.state).toMatchObject({ step: 'failed', error: { code: 'crypto_unavailable' } });
		expect(api.summary).not.toHaveBeenCalled();
	});

	it('reports the server refusing the link', async () => {
		const api = fakeApi(ca, orderSummary(), {
			summary: vi.fn(async () => {
				throw new ApiError('link_invalid', 'bad secret', { status: 401 });
			})
		});
		const h = harness(api);
		await h.flow.open(LINK);
		expect(h.flow.state).toMatchObject({
			step: 'failed',
			order: null,
			error: { code: 'link_invalid' }
		});
	});

	it('stays on the pickup password after a wrong one, with the attempts left, then accepts the right one', async () => {
		const h = harness(fakeApi(ca, orderSummary()));
		await h.flow.open(LINK);
		h.flow.confirmReview();
		await h.flow.submitPickupPassword('guess');
		expect(h.flow.state).toMatchObject({
			step: 'pickup-password',
			busy: false,
			error: { code: 'pickup_password_wrong', attemptsLeft: 4 },
			order: { pickupAttemptsLeft: 4 }
		});
		await h.flow.submitPickupPassword(PICKUP_PASSWORD);
		expect(h.flow.state).toMatchObject({ step: 'certificate-password', again: false });
	});

	it('keeps the pickup password step open when the network fails', async () => {
		const h = harness(
			fakeApi(ca, orderSummary(), { openSession: vi.fn(async () => Promise.reject(offline())) })
		);
		await h.flow.open(LINK);
		h.flow.confirmReview();
		await h.flow.submitPickupPassword(PICKUP_PASSWORD);
		expect(h.flow.state).toMatchObject({ step: 'pickup-password', error: { code: 'network' } });
	});

	it('ends the pickup when the order locks', async () => {
		const locked = new ApiError('order_locked', 'locked', { status: 423 });
		const h = harness(
			fakeApi(ca, orderSummary(), { openSession: vi.fn(async () => Promise.reject(locked)) })
		);
		await h.flow.open(LINK);
		h.flow.confirmReview();
		await h.flow.submitPickupPassword('x');
		expect(h.flow.state).toMatchObject({
			step: 'failed',
			error: { code: 'order_locked' },
			retryable: false
		});
	});

	it.each([
		['password_policy', 'short', 'short'],
		['password_policy', 'Abcdefgh-1234', 'Abcdefgh-1234'],
		['password_mismatch', PASSWORD, PASSWORD + 'x']
	])('refuses the certificate password with %s', async (code, password, confirmation) => {
		const h = harness(fakeApi(ca, orderSummary()));
		await h.flow.open(LINK);
		h.flow.confirmReview();
		await h.flow.submitPickupPassword(PICKUP_PASSWORD);
		await h.flow.submitCertificatePassword(password, confirmation);
		expect(h.flow.state).toMatchObject({ step: 'certificate-password', error: { code } });
	});

	it('needs the agreement accepted', async () => {
		const h = harness(fakeApi(ca, orderSummary()));
		await h.flow.open(LINK);
		h.flow.confirmReview();
		await h.flow.submitPickupPassword(PICKUP_PASSWORD);
		await h.flow.submitCertificatePassword(PASSWORD, PASSWORD);
		await h.flow.acceptAgreement(false);
		expect(h.flow.state).toMatchObject({
			step: 'agreement',
			error: { code: 'agreement_not_accepted' }
		});
		expect((await h.store.get(ORDER_ID))?.agreement).toBeUndefined();
	});

	it('refuses a key type the order does not allow', async () => {
		const api = fakeApi(ca, orderSummary());
		const h = harness(api);
		await toKeyOptions(h);
		await h.flow.chooseKeyOptions({ algorithm: 'RSA-4096', profile: 'modern' });
		expect(h.flow.state).toMatchObject({
			step: 'key-options',
			error: { code: 'pki:key_algorithm_not_allowed' }
		});
		expect(api.requestCertificate).not.toHaveBeenCalled();
	});

	it('waits for a pending issuance with the server delay, jittered, and rides out a lost connection', async () => {
		const order = orderSummary();
		let chainPem = '';
		const wait = vi.fn(async () => undefined);
		const h = harness(
			fakeApi(ca, order, {
				requestCertificate: vi.fn(async (_id: string, _token: string, body: { csr: string }) => {
					chainPem = await issueChainPem(ca, body.csr, order);
					return { status: 'pending', retryAfterSeconds: 7 } as const;
				}),
				fetchCertificate: vi
					.fn<PickupApiPort['fetchCertificate']>()
					.mockResolvedValueOnce({ status: 'pending', retryAfterSeconds: 3 })
					.mockRejectedValueOnce(offline())
					.mockImplementation(async (): Promise<IssuanceResult> => ({ status: 'issued', chainPem }))
			}),
			{ wait, random: () => 0.9 }
		);
		await toKeyOptions(h);
		await h.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' });
		expect(wait.mock.calls).toEqual([[8000], [4000], [1000]]);
		const waiting = h.states.filter(
			(state) => state.step === 'working' && state.stage === 'waiting'
		);
		expect(
			waiting.map(
				(state) => state.step === 'working' && [state.retryAfterSeconds, state.error?.code]
			)
		).toEqual([
			[8, undefined],
			[4, undefined],
			[1, 'network']
		]);
		expect(h.flow.state.step).toBe('done');
	});

	it('rejects a certificate for another key and keeps the wrapped key', async () => {
		const order = orderSummary();
		const otherCsr = await createCsr({
			keys: await generateKeyPair('P-256'),
			subject: order.subject,
			subjectAltNames: order.subjectAltNames
		});
		const h = harness(
			fakeApi(ca, order, {
				requestCertificate: vi.fn(
					async () =>
						({ status: 'issued', chainPem: await issueChainPem(ca, otherCsr, order) }) as const
				)
			})
		);
		await toKeyOptions(h);
		await h.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' });
		expect(h.flow.state).toMatchObject({
			step: 'failed',
			error: { code: 'pki:chain_leaf_key_mismatch' }
		});
		expect((await h.store.get(ORDER_ID))?.wrappedKey).toBeInstanceOf(Uint8Array);
	});

	it('asks for the pickup password again to acknowledge once the session has ended', async () => {
		let clock = new Date('2026-11-26T12:00:00Z');
		const later = (minutes: number) => new Date(clock.getTime() + minutes * 60_000).toISOString();
		const api = fakeApi(ca, orderSummary(), {
			openSession: vi.fn(async () => ({
				sessionToken: `token-${clock.getTime()}`,
				expiresAt: later(30)
			}))
		});
		const h = harness(api, { now: () => clock });
		await toKeyOptions(h);
		await h.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' });
		expect(h.flow.state.step).toBe('done');
		clock = new Date(clock.getTime() + 2 * 3600_000);
		await h.flow.acknowledgeCollected();
		expect(api.acknowledgeCollected).not.toHaveBeenCalled();
		expect(h.flow.state).toMatchObject({ step: 'pickup-password', error: null });
		await h.flow.submitPickupPassword(PICKUP_PASSWORD);
		expect(h.flow.state).toMatchObject({ step: 'done', acknowledged: false });
		await h.flow.acknowledgeCollected();
		expect(api.acknowledgeCollected).toHaveBeenCalledWith(ORDER_ID, `token-${clock.getTime()}`);
		expect(h.flow.state).toMatchObject({ step: 'done', acknowledged: true });
	});

	it('asks for the pickup password again when the server says the session has ended', async () => {
		const api = fakeApi(ca, orderSummary(), {
			acknowledgeCollected: vi
				.fn()
				.mockRejectedValueOnce(new ApiError('session_invalid', 'ended', { status: 401 }))
				.mockResolvedValue(undefined)
		});
		const h = harness(api);
		await toKeyOptions(h);
		await h.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' });
		await h.flow.acknowledgeCollected();
		expect(h.flow.state).toMatchObject({ step: 'pickup-password' });
		expect((await h.store.get(ORDER_ID))?.session).toBeUndefined();
		await h.flow.submitPickupPassword(PICKUP_PASSWORD);
		await h.flow.acknowledgeCollected();
		expect(h.flow.state).toMatchObject({ step: 'done', acknowledged: true });
	});

	it('keeps the result when acknowledging fails', async () => {
		const h = harness(
			fakeApi(ca, orderSummary(), {
				acknowledgeCollected: vi.fn(async () => Promise.reject(offline()))
			})
		);
		await toKeyOptions(h);
		await h.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' });
		await h.flow.acknowledgeCollected();
		expect(h.flow.state).toMatchObject({
			step: 'done',
			acknowledged: false,
			error: { code: 'network' }
		});
		expect(h.store.records.size).toBe(1);
	});

	it('sends the request again by itself while the server is in trouble, backing off with jitter', async () => {
		const order = orderSummary();
		const requestCertificate = issuingAfter(
			ca,
			order,
			offline(),
			new ApiError('internal', 'boom', { status: 503 }),
			offline()
		);
		const wait = vi.fn(async () => undefined);
		const h = harness(fakeApi(ca, order, { requestCertificate }), { wait, random: () => 0.9 });
		await toKeyOptions(h);
		await h.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' });
		expect(wait.mock.calls).toEqual([[1000], [2000], [4000]]);
		const waits = h.states.filter(
			(state) => state.step === 'working' && state.stage === 'request' && state.error
		);
		expect(waits.map((state) => state.step === 'working' && state.error?.code)).toEqual([
			'network',
			'internal',
			'network'
		]);
		expect(h.flow.state.step).toBe('done');
		const csrs = new Set(requestCertificate.mock.calls.map((call) => call[2].csr));
		expect(csrs.size, 'the same request every time').toBe(1);
	});

	it("waits at least the server's delay after a rate limit or an unreachable CA", async () => {
		const order = orderSummary();
		let chainPem = '';
		const requestCertificate = vi
			.fn<PickupApiPort['requestCertificate']>()
			.mockRejectedValueOnce(
				new ApiError('rate_limited', 'slow down', { status: 429, retryAfterSeconds: 20 })
			)
			.mockImplementation(async (_id, _token, body) => {
				chainPem = await issueChainPem(ca, body.csr, order);
				return { status: 'pending', retryAfterSeconds: 2 };
			});
		const fetchCertificate = vi
			.fn<PickupApiPort['fetchCertificate']>()
			.mockRejectedValueOnce(
				new ApiError('ca_unavailable', 'CA down', { status: 503, retryAfterSeconds: 30 })
			)
			.mockImplementation(async () => ({ status: 'issued', chainPem }));
		const wait = vi.fn(async () => undefined);
		const h = harness(fakeApi(ca, order, { requestCertificate, fetchCertificate }), {
			wait,
			random: () => 0
		});
		await toKeyOptions(h);
		await h.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' });
		expect(wait.mock.calls).toEqual([[20_000], [2000], [30_000]]);
		expect(h.states).toContainEqual(
			expect.objectContaining({
				step: 'working',
				stage: 'waiting',
				retryAfterSeconds: 30,
				error: expect.objectContaining({ code: 'ca_unavailable', retryAfterSeconds: 30 })
			})
		);
		expect(h.flow.state.step).toBe('done');
	});

	it('sends a request prepared offline as soon as the connection returns', async () => {
		const order = orderSummary();
		let reconnect = () => {};
		const online = () => new Promise<void>((resolve) => (reconnect = resolve));
		const requestCertificate = issuingAfter(ca, order, offline());
		const h = harness(fakeApi(ca, order, { requestCertificate }), {
			wait: () => new Promise(() => undefined),
			online
		});
		await toKeyOptions(h);
		const sending = h.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' });
		await vi.waitFor(
			() =>
				expect(h.flow.state).toMatchObject({
					step: 'working',
					stage: 'request',
					error: { code: 'network' }
				}),
			SLOW_MACHINE
		);
		expect((await h.store.get(ORDER_ID))?.wrappedKey).toBeInstanceOf(Uint8Array);
		reconnect();
		await sending;
		expect(h.flow.state.step).toBe('done');
	});

	it('tries opening again when the server could not be reached at first', async () => {
		const order = orderSummary();
		const summary = vi
			.fn<PickupApiPort['summary']>()
			.mockRejectedValueOnce(offline())
			.mockResolvedValue(order);
		const h = harness(fakeApi(ca, order, { summary }));
		await h.flow.open(LINK);
		expect(h.flow.state).toMatchObject({
			step: 'failed',
			retryable: true,
			error: { code: 'network' }
		});
		await h.flow.retry();
		expect(h.flow.state.step).toBe('review');
	});
});

describe('PickupFlow: resuming', () => {
	/** Runs a first flow until `stop`, then opens the same order in a new flow on the same store. */
	async function reopened(
		stopAfter: (h: ReturnType<typeof harness>) => Promise<void>,
		options: { keepSession: boolean; api?: PickupApiPort } = { keepSession: true }
	) {
		const order = orderSummary();
		const api = options.api ?? fakeApi(ca, order);
		const first = harness(api);
		await stopAfter(first);
		if (!options.keepSession) first.store.expireSession(ORDER_ID);
		const second = harness(api, { store: first.store });
		await second.flow.open(LINK);
		return { first, second, api };
	}

	it('resumes at the review', async () => {
		const { second } = await reopened(async (h) => h.flow.open(LINK));
		expect(second.flow.state.step).toBe('review');
	});

	it('resumes at the pickup password', async () => {
		const { second } = await reopened(async (h) => {
			await h.flow.open(LINK);
			h.flow.confirmReview();
		});
		expect(second.flow.state.step).toBe('pickup-password');
	});

	it('resumes at the certificate password within the session, and at the pickup password without', async () => {
		const stop = async (h: ReturnType<typeof harness>) => {
			await h.flow.open(LINK);
			h.flow.confirmReview();
			await h.flow.submitPickupPassword(PICKUP_PASSWORD);
		};
		expect((await reopened(stop)).second.flow.state).toMatchObject({
			step: 'certificate-password',
			again: false
		});
		expect((await reopened(stop, { keepSession: false })).second.flow.state.step).toBe(
			'pickup-password'
		);
	});

	it('asks the certificate password again after the agreement, then skips what was already chosen', async () => {
		const { second } = await reopened(async (h) => {
			await toKeyOptions(h);
			await h.flow.chooseKeyOptions({ algorithm: 'RSA-4096', profile: 'legacy' });
		});
		expect(second.flow.state).toMatchObject({ step: 'certificate-password', again: true });
		await second.flow.submitCertificatePassword(PASSWORD, PASSWORD);
		expect(second.flow.state).toMatchObject({ step: 'key-options', choice: { profile: 'modern' } });
	});

	/** A first tab that made its request while offline and was then closed. */
	async function closedWhileOffline(order: OrderSummary) {
		const requestCertificate = issuingAfter(ca, order, offline());
		const api = fakeApi(ca, order, { requestCertificate });
		const first = harness(api, { wait: () => new Promise(() => undefined) });
		await toKeyOptions(first);
		void first.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' });
		await vi.waitFor(() => expect(requestCertificate).toHaveBeenCalledTimes(1), SLOW_MACHINE);
		first.lock.onLost?.();
		return { api, first, requestCertificate };
	}

	it('sends the same request again after a reload right after it was made, then asks for the password to build', async () => {
		const { api, first, requestCertificate } = await closedWhileOffline(orderSummary());
		const second = harness(api, { store: first.store });
		await second.flow.open(LINK);
		expect(requestCertificate).toHaveBeenCalledTimes(2);
		expect(requestCertificate.mock.calls[0]?.[2].csr).toBe(
			requestCertificate.mock.calls[1]?.[2].csr
		);
		expect(second.flow.state.step).toBe('unlock');
		await second.flow.unlock('Wrong1234567');
		expect(second.flow.state).toMatchObject({
			step: 'unlock',
			busy: false,
			error: { code: 'pki:key_unwrap_wrong_password' }
		});
		await second.flow.unlock(PASSWORD);
		expect(second.flow.state.step).toBe('done');
	});

	it('asks the pickup password before sending a stored request whose session ran out', async () => {
		const { api, first } = await closedWhileOffline(orderSummary());
		first.store.expireSession(ORDER_ID);
		const second = harness(api, { store: first.store });
		await second.flow.open(LINK);
		expect(second.flow.state.step).toBe('pickup-password');
		await second.flow.submitPickupPassword(PICKUP_PASSWORD);
		expect(second.flow.state.step).toBe('unlock');
	});

	it('polls a pending issuance with the link secret when the app comes back, then builds the file', async () => {
		const order = orderSummary();
		let chainPem = '';
		const fetchCertificate = vi.fn<PickupApiPort['fetchCertificate']>(async () =>
			chainPem ? { status: 'issued', chainPem } : { status: 'pending', retryAfterSeconds: 5 }
		);
		const api = fakeApi(ca, order, {
			requestCertificate: vi.fn(async (_id: string, _token: string, body: { csr: string }) => {
				setTimeout(async () => (chainPem = await issueChainPem(ca, body.csr, order)));
				return { status: 'pending', retryAfterSeconds: 5 } as const;
			}),
			fetchCertificate
		});
		const first = harness(api, { wait: () => new Promise(() => undefined) });
		await toKeyOptions(first);
		void first.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' });
		await vi.waitFor(
			async () => expect((await first.store.get(ORDER_ID))?.step).toBe('pending'),
			SLOW_MACHINE
		);
		first.lock.onLost?.();
		await vi.waitFor(() => expect(chainPem).not.toBe(''), SLOW_MACHINE);

		first.store.expireSession(ORDER_ID);
		const second = harness(api, { store: first.store });
		await second.flow.open(LINK);
		expect(fetchCertificate).toHaveBeenLastCalledWith(ORDER_ID, { linkSecret: LINK_SECRET });
		expect(second.flow.state.step).toBe('unlock');
		await second.flow.unlock(PASSWORD);
		expect(second.flow.state.step).toBe('done');
	});

	it('rebuilds the file after a reload on the done step', async () => {
		const { second } = await reopened(async (h) => {
			await toKeyOptions(h);
			await h.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' });
		});
		expect(second.flow.state.step).toBe('unlock');
		await second.flow.unlock(PASSWORD);
		expect(second.flow.state.step).toBe('done');
	});

	it('goes on from the stored order when the server cannot be reached', async () => {
		const order = orderSummary();
		const api = fakeApi(ca, order);
		const first = harness(api);
		await first.flow.open(LINK);
		first.flow.confirmReview();
		const second = harness(
			{ ...api, summary: vi.fn(async () => Promise.reject(offline())) },
			{ store: first.store }
		);
		await second.flow.open(LINK);
		expect(second.flow.state).toMatchObject({
			step: 'pickup-password',
			order: { orderId: ORDER_ID }
		});
	});
});

describe('PickupFlow: my own CSR', () => {
	it('sends an uploaded request that matches the order and offers .pem, .p7b and .cer', async () => {
		const order = orderSummary();
		const csr = await createCsr({
			keys: await generateKeyPair('P-256'),
			subject: order.subject,
			subjectAltNames: order.subjectAltNames
		});
		const h = harness(fakeApi(ca, order));
		await toKeyOptions(h);
		h.flow.startCsrUpload();
		await h.flow.submitCsr(csr);
		const state = h.flow.state;
		if (state.step !== 'csr-done') throw new Error(`at ${state.step}`);
		expect(state.result.p7b.name).toBe('Jan-Peeters-ord_test_1.p7b');
		expect(state.result.chainPem.data).toContain('BEGIN CERTIFICATE');
		expect((await h.store.get(ORDER_ID))?.wrappedKey).toBeUndefined();
	});

	it.each([
		['not a request at all', () => 'hello', 'pki:csr_malformed'],
		[
			'a request for someone else',
			async () =>
				createCsr({
					keys: await generateKeyPair('P-256'),
					subject: [{ type: 'CN', value: 'Mallory' }],
					subjectAltNames: []
				}),
			'pki:csr_subject_mismatch'
		],
		[
			'a key the order does not allow',
			async () => {
				const order = orderSummary();
				return createCsr({
					keys: await generateKeyPair('P-384'),
					subject: order.subject,
					subjectAltNames: order.subjectAltNames
				});
			},
			'pki:csr_key_not_allowed'
		]
	])('stays on the upload with %s', async (_, makeCsr, code) => {
		const api = fakeApi(ca, orderSummary());
		const h = harness(api);
		await toKeyOptions(h);
		h.flow.startCsrUpload();
		await h.flow.submitCsr(await makeCsr());
		expect(h.flow.state).toMatchObject({ step: 'csr-upload', busy: false, error: { code } });
		expect(api.requestCertificate).not.toHaveBeenCalled();
	});
});

describe('PickupFlow: two tabs', () => {
	it('waits while another tab holds the order, and takes over when asked', async () => {
		const lock = new FakeLock();
		lock.available = false;
		const h = harness(fakeApi(ca, orderSummary()), { lock });
		await h.flow.open(LINK);
		expect(h.flow.state).toMatchObject({ step: 'busy-elsewhere', lost: false });
		await h.flow.takeOver();
		expect(h.flow.state.step).toBe('review');
	});

	it('cut off mid key generation by a take-over (its worker ended), shows the take-over, not a failure; taken back, it goes on', async () => {
		let release = () => {};
		const held = new Promise<void>((resolve) => (release = resolve));
		let holding = true;
		const worker = new WorkerClient(
			() =>
				channelWorker({
					...cryptoChunk.pickupCryptoWorker(),
					generateKeyPair: async (...args: Parameters<typeof cryptoChunk.generateKeyPair>) => {
						if (holding) await held;
						return cryptoChunk.generateKeyPair(...args);
					}
				}),
			{ idleMilliseconds: 30_000 }
		);
		const h = harness(fakeApi(ca, orderSummary()), {
			loadCrypto: async () => pickupCryptoOver(worker)
		});
		await toKeyOptions(h);
		const choosing = h.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' });
		await vi.waitFor(() => expect(h.flow.state).toMatchObject({ step: 'working', stage: 'key' }));
		h.lock.onLost?.();
		worker.stop('another tab took the pickup over');
		await choosing;
		expect(worker.running).toBe(false);
		expect(h.flow.state).toMatchObject({ step: 'busy-elsewhere', lost: true });
		expect(stepsOf(h.states)).not.toContain('failed');
		expect((await h.store.get(ORDER_ID))?.step).toBe('key-options');

		holding = false;
		release();
		await h.flow.takeOver();
		expect(h.flow.state.step).toBe('key-options');
		await h.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' });
		expect(h.flow.state.step).toBe('done');
	});

	it('stops, and stops writing, when another tab takes the pickup over', async () => {
		const h = harness(fakeApi(ca, orderSummary()));
		await h.flow.open(LINK);
		h.lock.onLost?.();
		expect(h.flow.state).toMatchObject({ step: 'busy-elsewhere', lost: true });
		h.flow.confirmReview();
		expect(h.flow.state.step).toBe('busy-elsewhere');
		expect((await h.store.get(ORDER_ID))?.step).toBe('review');
	});
});
