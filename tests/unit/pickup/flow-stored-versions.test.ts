import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { OrderSummary } from '../../../src/lib/api/types.ts';
import { SCHEMA_VERSION } from '../../../src/lib/store/records.ts';
import { createTestCa, type TestCa } from '../../interop/support/ca.ts';
import { orderSummary } from '../components/fixtures.ts';
import { v1Record } from '../store/v1-record.ts';
import {
	fakeApi,
	harness,
	LINK,
	LINK_SECRET,
	MemoryStore,
	ORDER_ID,
	PICKUP_PASSWORD,
	stepsOf
} from './flow-fakes.ts';

let ca: TestCa;
beforeAll(async () => {
	ca = await createTestCa('Flow Stored Versions Test');
});

const broken = () => v1Record(ORDER_ID, { linkSecret: LINK_SECRET, step: 'teleported' });

describe('PickupFlow: stored pickups of other versions', () => {
	it('resumes a pickup stored by the first release and stores it back in the current version', async () => {
		const store = new MemoryStore();
		store.records.set(
			ORDER_ID,
			v1Record(ORDER_ID, {
				linkSecret: LINK_SECRET,
				step: 'pickup-password',
				wrappedKey: undefined,
				csrPem: undefined,
				session: undefined
			})
		);
		const h = harness(fakeApi(ca, orderSummary({ orderId: ORDER_ID })), { store });
		await h.flow.open(LINK);
		expect(h.flow.state.step).toBe('pickup-password');
		expect(store.records.get(ORDER_ID)).toMatchObject({
			schemaVersion: SCHEMA_VERSION,
			step: 'pickup-password'
		});
		await h.flow.submitPickupPassword(PICKUP_PASSWORD);
		expect(h.flow.state.step).toBe('certificate-password');
	});

	it('says a damaged pickup cannot be resumed, without a crash or a use of the server answer', async () => {
		const store = new MemoryStore();
		const damaged = broken();
		store.records.set(ORDER_ID, damaged);
		let answer: (order: OrderSummary) => void = () => {};
		const api = fakeApi(ca, orderSummary({ orderId: ORDER_ID }), {
			summary: vi.fn(() => new Promise<OrderSummary>((resolve) => (answer = resolve)))
		});
		const h = harness(api, { store });
		const opening = h.flow.open(LINK);
		await vi.waitFor(() => expect(h.flow.state.step).toBe('failed'));
		// The order was asked for beside the store read; its answer comes after the failure.
		answer(orderSummary({ orderId: ORDER_ID }));
		await opening;
		expect(stepsOf(h.states).filter((shown) => shown !== 'opening')).toEqual(['failed']);
		expect(h.flow.state).toMatchObject({
			step: 'failed',
			order: null,
			error: { code: 'pickup_unreadable', detail: expect.stringContaining('step') },
			retryable: false,
			restartable: true
		});
		await h.flow.retry();
		expect(h.flow.state.step).toBe('failed');
		expect(store.records.get(ORDER_ID), 'kept until the applicant chooses').toBe(damaged);
	});

	it('starts again: forgets the damaged record and opens the link afresh', async () => {
		const store = new MemoryStore();
		store.records.set(ORDER_ID, broken());
		const h = harness(fakeApi(ca, orderSummary({ orderId: ORDER_ID })), { store });
		await h.flow.open(LINK);
		await h.flow.startAfresh();
		expect(h.flow.state).toMatchObject({ step: 'review', error: null });
		expect(store.records.get(ORDER_ID)).toMatchObject({
			schemaVersion: SCHEMA_VERSION,
			step: 'review',
			linkSecret: LINK_SECRET
		});
		expect(store.records.get(ORDER_ID)).not.toHaveProperty('wrappedKey');
	});

	it('opens a damaged pickup from the start page by the link secret it still holds', async () => {
		const store = new MemoryStore();
		store.records.set(ORDER_ID, broken());
		const h = harness(fakeApi(ca, orderSummary({ orderId: ORDER_ID })), { store });
		await h.flow.openSaved(ORDER_ID);
		expect(h.flow.state).toMatchObject({ step: 'failed', restartable: true });
		await h.flow.startAfresh();
		expect(h.flow.state.step).toBe('review');
	});

	it('offers no fresh start for other failures', async () => {
		const h = harness(fakeApi(ca, orderSummary({ orderId: ORDER_ID, status: 'expired' })));
		await h.flow.open(LINK);
		expect(h.flow.state).toMatchObject({ step: 'failed', restartable: false });
		await h.flow.startAfresh();
		expect(h.flow.state.step).toBe('failed');
	});
});
