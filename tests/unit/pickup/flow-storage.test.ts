import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../src/lib/api/errors.ts';
import type { PickupApiPort } from '../../../src/lib/pickup/ports.ts';
import { readPkcs12 } from '../../../src/lib/pki/pkcs12/index.ts';
import { createTestCa, type TestCa } from '../../interop/support/ca.ts';
import { orderSummary } from '../components/fixtures.ts';
import {
	fakeApi,
	harness,
	LINK,
	ORDER_ID,
	PASSWORD,
	PICKUP_PASSWORD,
	SLOW_MACHINE,
	toKeyOptions
} from './flow-fakes.ts';

let ca: TestCa;
beforeAll(async () => {
	ca = await createTestCa('Flow Storage Test');
});

const NOW = new Date('2026-11-26T12:00:00Z');
const gone = (code: 'order_expired' | 'order_cancelled' | 'order_collected') =>
	new ApiError(code, code, { status: 410 });

describe('PickupFlow: persistent storage never holds the pickup up', () => {
	it('shows the review while the browser has not answered, and asks only on the first click', async () => {
		const requestPersistence = vi.fn(() => new Promise<boolean>(() => undefined));
		const h = harness(fakeApi(ca, orderSummary()), {
			requestPersistence,
			isPersisted: async () => false
		});
		await h.flow.open(LINK);
		expect(h.flow.state).toMatchObject({ step: 'review', storage: 'best-effort' });
		expect(requestPersistence).not.toHaveBeenCalled();
		h.flow.confirmReview();
		expect(requestPersistence).toHaveBeenCalledOnce();
		await h.flow.submitPickupPassword(PICKUP_PASSWORD);
		expect(h.flow.state.step).toBe('certificate-password');
	});

	it('says so on the review when storage is already persistent, and does not ask again', async () => {
		const requestPersistence = vi.fn(async () => true);
		const h = harness(fakeApi(ca, orderSummary()), {
			requestPersistence,
			isPersisted: async () => true
		});
		await h.flow.open(LINK);
		await vi.waitFor(
			() => expect(h.flow.state).toMatchObject({ step: 'review', storage: 'persistent' }),
			SLOW_MACHINE
		);
		h.flow.confirmReview();
		expect(requestPersistence).not.toHaveBeenCalled();
	});

	it('treats a failing persistence query as best effort', async () => {
		const h = harness(fakeApi(ca, orderSummary()), {
			isPersisted: () => Promise.reject(new Error('SecurityError'))
		});
		await h.flow.open(LINK);
		h.flow.confirmReview();
		expect(h.flow.state.step).toBe('pickup-password');
		expect(h.states.find((state) => state.step === 'review')).toMatchObject({
			storage: 'best-effort'
		});
	});
});

describe('PickupFlow: browsers that delete unused storage', () => {
	it('tells how long an interrupted pickup is safe: the cap from now', async () => {
		const deadline = new Date(NOW.getTime() + 29 * 86_400_000).toISOString();
		const h = harness(fakeApi(ca, orderSummary({ pickupDeadline: deadline })), {
			storageCapDays: 7,
			now: () => NOW
		});
		await h.flow.open(LINK);
		expect(h.flow.state).toMatchObject({
			step: 'review',
			storageCap: { days: 7, safeUntil: '2026-12-03T12:00:00.000Z' }
		});
	});

	it('or the pickup deadline when that comes first', async () => {
		const h = harness(fakeApi(ca, orderSummary({ pickupDeadline: '2026-11-28T09:30:00.000Z' })), {
			storageCapDays: 7,
			now: () => NOW
		});
		await h.flow.open(LINK);
		expect(h.flow.state).toMatchObject({
			storageCap: { days: 7, safeUntil: '2026-11-28T09:30:00.000Z' }
		});
	});

	it('says nothing where storage is not capped', async () => {
		const h = harness(fakeApi(ca, orderSummary()), { storageCapDays: null });
		await h.flow.open(LINK);
		expect(h.flow.state).toMatchObject({ step: 'review', storageCap: null });
	});
});

describe('PickupFlow: closed orders', () => {
	it.each(['order_expired', 'order_cancelled', 'order_collected'] as const)(
		'deletes the stored pickup, link secret and wrapped key, when opening answers %s',
		async (code) => {
			const order = orderSummary();
			const first = harness(fakeApi(ca, order, { requestCertificate: refusedRequest() }));
			await toKeyOptions(first);
			await first.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' });
			expect((await first.store.get(ORDER_ID))?.wrappedKey).toBeDefined();
			const api = fakeApi(ca, order, { summary: vi.fn(async () => Promise.reject(gone(code))) });
			const second = harness(api, { store: first.store });
			await second.flow.open(LINK);
			expect(second.flow.state).toMatchObject({ step: 'failed', error: { code } });
			expect(first.store.records.size).toBe(0);
		}
	);

	it('deletes the stored pickup when polling answers that the order was cancelled', async () => {
		const order = orderSummary();
		const api = fakeApi(ca, order, {
			requestCertificate: vi.fn(async () => ({ status: 'pending', retryAfterSeconds: 5 }) as const),
			fetchCertificate: vi.fn(async () => Promise.reject(gone('order_cancelled')))
		});
		const h = harness(api);
		await toKeyOptions(h);
		await h.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' });
		expect(h.flow.state).toMatchObject({ step: 'failed', error: { code: 'order_cancelled' } });
		expect(h.store.records.size).toBe(0);
	});

	it('rebuilds the file from this device when the server says collected, then only forgets it here', async () => {
		const order = orderSummary();
		const first = harness(fakeApi(ca, order));
		await toKeyOptions(first);
		await first.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' });
		expect(first.flow.state.step).toBe('done');

		const api = fakeApi(ca, order, {
			summary: vi.fn(async () => Promise.reject(gone('order_collected')))
		});
		const second = harness(api, { store: first.store });
		await second.flow.open(LINK);
		expect(second.flow.state).toMatchObject({ step: 'unlock', alreadyCollected: true });
		await second.flow.unlock(PASSWORD);
		const state = second.flow.state;
		expect(state).toMatchObject({ step: 'done', alreadyCollected: true, acknowledged: false });
		if (state.step !== 'done') return;
		const opened = await readPkcs12(state.result.p12.data as Uint8Array, PASSWORD);
		expect(opened.certificates.length).toBeGreaterThan(0);

		await second.flow.acknowledgeCollected();
		expect(api.acknowledgeCollected).not.toHaveBeenCalled();
		expect(second.flow.state).toMatchObject({ step: 'done', acknowledged: true });
		expect(first.store.records.size).toBe(0);
	});

	it('cannot rebuild what never arrived: collected before the chain reached this device', async () => {
		const order = orderSummary();
		const first = harness(fakeApi(ca, order, { requestCertificate: refusedRequest() }));
		await toKeyOptions(first);
		await first.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' });
		const second = harness(
			fakeApi(ca, order, { summary: vi.fn(async () => Promise.reject(gone('order_collected'))) }),
			{ store: first.store }
		);
		await second.flow.open(LINK);
		expect(second.flow.state).toMatchObject({
			step: 'failed',
			error: { code: 'order_collected' },
			retryable: false
		});
		expect(first.store.records.size).toBe(0);
	});
});

/** A request the server refuses: the pickup stops with its key wrapped and stored, and no chain. */
function refusedRequest(): PickupApiPort['requestCertificate'] {
	return vi.fn(async () =>
		Promise.reject(new ApiError('body_invalid', 'refused', { status: 400 }))
	);
}
