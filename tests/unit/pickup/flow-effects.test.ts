import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { OrderSummary } from '../../../src/lib/api/types';
import type { PickupCrypto } from '../../../src/lib/pickup/crypto';
import * as cryptoChunk from '../../../src/lib/pickup/crypto-chunk';
import type { SavedPickup } from '../../../src/lib/store/schema';
import { createTestCa, type TestCa } from '../../interop/support/ca';
import { orderSummary } from '../components/fixtures';
import {
	fakeApi,
	harness,
	LINK,
	MemoryStore,
	ORDER_ID,
	SLOW_MACHINE,
	toKeyOptions
} from './flow-fakes';
import { record } from './machine/fixtures';

let ca: TestCa;
beforeAll(async () => {
	ca = await createTestCa('Flow Effects Test');
});

/** Lets every pending promise callback and timer of this turn run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A store whose write of the request is held until the test lets it through. */
class HeldStore extends MemoryStore {
	held: SavedPickup | null = null;
	#release = () => {};
	override async put(pickup: SavedPickup) {
		if (pickup.step === 'requested' && !this.held) {
			this.held = pickup;
			await new Promise<void>((resolve) => (this.#release = resolve));
		}
		await super.put(pickup);
	}
	release() {
		this.#release();
	}
}

describe('PickupFlow: the order of its effects', () => {
	it('never sends the request before the wrapped key is written', async () => {
		const order = orderSummary();
		const api = fakeApi(ca, order);
		const store = new HeldStore();
		const h = harness(api, { store });
		await toKeyOptions(h);
		const picking = h.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' });
		await vi.waitFor(() => expect(store.held).not.toBeNull(), SLOW_MACHINE);
		expect(store.held?.wrappedKey).toBeInstanceOf(Uint8Array);
		for (let turn = 0; turn < 5; turn++) await settle();
		expect(api.requestCertificate).not.toHaveBeenCalled();
		store.release();
		await picking;
		expect(api.requestCertificate).toHaveBeenCalledOnce();
		expect(h.flow.state.step).toBe('done');
	});

	it('wraps the key and signs the request side by side', async () => {
		const log: string[] = [];
		let csrStarted = () => {};
		const csrStart = new Promise<void>((resolve) => (csrStarted = resolve));
		const crypto: PickupCrypto = {
			...cryptoChunk,
			wrapPrivateKey: async (pkcs8, password) => {
				log.push('wrap started');
				// Sequential code would start the request only after this wrap ended.
				await Promise.race([csrStart, settle()]);
				const wrapped = await cryptoChunk.wrapPrivateKey(pkcs8, password);
				log.push('wrap ended');
				return wrapped;
			},
			createCsr: async (params) => {
				log.push('csr started');
				csrStarted();
				return cryptoChunk.createCsr(params);
			}
		};
		const h = harness(fakeApi(ca, orderSummary()), { loadCrypto: async () => crypto });
		await toKeyOptions(h);
		await h.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' });
		expect(log.indexOf('csr started')).toBeLessThan(log.indexOf('wrap ended'));
		expect(h.flow.state.step).toBe('done');
	});

	it('loads the crypto while the order is being read', async () => {
		let answer: (order: OrderSummary) => void = () => {};
		const api = fakeApi(ca, orderSummary(), {
			summary: vi.fn(() => new Promise<OrderSummary>((resolve) => (answer = resolve)))
		});
		const loadCrypto = vi.fn(async () => cryptoChunk);
		const h = harness(api, { loadCrypto });
		const opening = h.flow.open(LINK);
		await vi.waitFor(() => expect(api.summary).toHaveBeenCalled());
		expect(loadCrypto).toHaveBeenCalledOnce();
		answer(orderSummary());
		await opening;
		expect(h.flow.state.step).toBe('review');
	});

	it('asks for the order while the store still reads what this device holds', async () => {
		let stored: () => void = () => {};
		const store = new MemoryStore();
		await store.put(record({ step: 'pickup-password' }));
		const slowGet = store.get.bind(store);
		store.get = async (orderId) => {
			await new Promise<void>((resolve) => (stored = resolve));
			return slowGet(orderId);
		};
		const api = fakeApi(ca, orderSummary({ orderId: ORDER_ID }));
		const h = harness(api, { store });
		const opening = h.flow.open(LINK);
		await vi.waitFor(() => expect(api.summary).toHaveBeenCalledOnce());
		for (let turn = 0; turn < 5; turn++) await settle();
		expect(h.flow.state.step, 'the answer waits for the stored pickup').toBe('opening');
		stored();
		await opening;
		expect(h.flow.state.step, 'resumed where the stored pickup stood').toBe('pickup-password');
	});

	it('applies the order when it comes after the stored pickup was read', async () => {
		let answer: (order: OrderSummary) => void = () => {};
		const api = fakeApi(ca, orderSummary(), {
			summary: vi.fn(() => new Promise<OrderSummary>((resolve) => (answer = resolve)))
		});
		const store = new MemoryStore();
		const read = vi.spyOn(store, 'get');
		const h = harness(api, { store });
		const opening = h.flow.open(LINK);
		await vi.waitFor(() => expect(read).toHaveBeenCalled());
		for (let turn = 0; turn < 5; turn++) await settle();
		expect(h.flow.state.step).toBe('opening');
		answer(orderSummary());
		await opening;
		expect(h.flow.state.step).toBe('review');
		expect((await store.get(ORDER_ID))?.step).toBe('review');
	});

	it('drops what work under way brings back after another tab took the pickup over', async () => {
		const api = fakeApi(ca, orderSummary());
		const store = new HeldStore();
		const h = harness(api, { store });
		await toKeyOptions(h);
		const picking = h.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' });
		await vi.waitFor(() => expect(store.held).not.toBeNull(), SLOW_MACHINE);
		h.lock.onLost?.();
		store.release();
		await picking;
		expect(api.requestCertificate).not.toHaveBeenCalled();
		expect(h.flow.state).toMatchObject({ step: 'busy-elsewhere', lost: true });
		expect((await store.get(ORDER_ID))?.step).toBe('requested');
	});
});
