import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OrderSummary } from '../../../src/lib/api/types.ts';
import type { PickupCrypto } from '../../../src/lib/pickup/crypto.ts';
import * as cryptoChunk from '../../../src/lib/pickup/crypto-chunk.ts';
import { pickupCryptoOver } from '../../../src/lib/pickup/crypto-worker-client.ts';
import type { PickupState } from '../../../src/lib/pickup/state.ts';
import { WorkerClient } from '../../../src/lib/pickup/worker-client.ts';
import { unwrapPrivateKey } from '../../../src/lib/pki/key-wrap.ts';
import { readPkcs12 } from '../../../src/lib/pki/pkcs12/index.ts';
import type { SavedPickup } from '../../../src/lib/store/schema.ts';
import { createTestCa, type TestCa } from '../../interop/support/ca.ts';
import { orderSummary } from '../components/fixtures.ts';
import { channelWorker } from './channel-worker.ts';
import {
	fakeApi,
	harness,
	LINK,
	MemoryStore,
	ORDER_ID,
	PASSWORD,
	PICKUP_PASSWORD,
	SLOW_MACHINE,
	toKeyOptions
} from './flow-fakes.ts';
import { record } from './machine/fixtures.ts';

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

/** Create, with the write of the wrapped key held: the request waits for it, then goes out. */
async function createWithHeldWrite(
	h: ReturnType<typeof harness>,
	store: HeldStore,
	api: ReturnType<typeof fakeApi>
) {
	const picking = h.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' });
	await vi.waitFor(() => expect(store.held).not.toBeNull(), SLOW_MACHINE);
	expect(store.held?.wrappedKey).toBeInstanceOf(Uint8Array);
	for (let turn = 0; turn < 5; turn++) await settle();
	expect(api.requestCertificate).not.toHaveBeenCalled();
	store.release();
	await picking;
	expect(api.requestCertificate).toHaveBeenCalledOnce();
}

describe('PickupFlow: the order of its effects', () => {
	it('never sends the request before the wrapped key is written', async () => {
		const order = orderSummary();
		const api = fakeApi(ca, order);
		const store = new HeldStore();
		const h = harness(api, { store });
		await toKeyOptions(h);
		await createWithHeldWrite(h, store, api);
		expect(h.flow.state.step).toBe('done');
	});

	it('wraps the key and signs the request side by side', async () => {
		const log: string[] = [];
		let csrStarted = () => {};
		const csrStart = new Promise<void>((resolve) => (csrStarted = resolve));
		const crypto: PickupCrypto = {
			...cryptoChunk.pickupCryptoWorker(),
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
		const loadCrypto = vi.fn(async () => cryptoChunk.pickupCryptoWorker());
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

/**
 * The crypto worker as the app runs it, with its prepare and release calls observed, and the
 * PBKDF2 derivations it asks WebCrypto for (the worker shares this thread in tests) logged by
 * their iteration count: 600,000 is the key wrap's, 200,000 the modern .p12 bags'.
 */
function observedWorker(handlers: Partial<PickupCrypto> = {}) {
	const prepare = vi.fn<PickupCrypto['prepareDerivations']>();
	const release = vi.fn<PickupCrypto['releaseDerivations']>();
	// Each start is a new worker, holding nothing of the one before.
	const start = () => {
		const worker = cryptoChunk.pickupCryptoWorker();
		prepare.mockImplementation(worker.prepareDerivations);
		release.mockImplementation(worker.releaseDerivations);
		const observed = { prepareDerivations: prepare, releaseDerivations: release };
		return channelWorker({ ...worker, ...observed, ...handlers });
	};
	const client = new WorkerClient(start, { idleMilliseconds: 0 });
	const pbkdf2: number[] = [];
	const deriveKey = crypto.subtle.deriveKey.bind(crypto.subtle);
	vi.spyOn(crypto.subtle, 'deriveKey').mockImplementation((algorithm, ...rest) => {
		pbkdf2.push((algorithm as Pbkdf2Params).iterations);
		return deriveKey(algorithm, ...rest);
	});
	return { prepare, release, client, pbkdf2, port: pickupCryptoOver(client) };
}

/** The prepare call's own promise, in the worker: resolved once everything is derived. */
async function derivedAhead(prepare: ReturnType<typeof observedWorker>['prepare']) {
	await vi.waitFor(() => expect(prepare).toHaveBeenCalledOnce(), SLOW_MACHINE);
	await prepare.mock.results[0]?.value;
}

/** The .p12 opens with the certificate password, and the stored wrapped key is its key. */
async function expectUsableFiles(state: PickupState, store: MemoryStore) {
	if (state.step !== 'done') throw new Error(`expected done, got ${state.step}`);
	const p12 = state.result.p12.data as Uint8Array;
	const contents = await readPkcs12(p12, PASSWORD);
	const wrappedKey = (await store.get(ORDER_ID))?.wrappedKey;
	if (!wrappedKey) throw new Error('no wrapped key stored');
	expect(await unwrapPrivateKey(wrappedKey, PASSWORD)).toEqual(contents.privateKeyPkcs8);
	return p12;
}

const TRIPLE_DES_OID = [0x06, 0x0a, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x03];
const holds = (bytes: Uint8Array, part: number[]) =>
	Buffer.from(bytes).indexOf(Buffer.from(part)) >= 0;

describe('PickupFlow: the certificate password derived ahead of Create', () => {
	afterEach(() => {
		vi.restoreAllMocks();
	});

	it('starts the derivation when the certificate password is accepted, without waiting for it', async () => {
		let finish = () => {};
		const held = new Promise<void>((resolve) => (finish = resolve));
		const prepare = vi.fn(async () => held);
		const { port } = observedWorker({ prepareDerivations: prepare });
		const h = harness(fakeApi(ca, orderSummary()), { loadCrypto: async () => port });
		await h.flow.open(LINK);
		h.flow.confirmReview();
		await h.flow.submitPickupPassword(PICKUP_PASSWORD);
		expect(prepare).not.toHaveBeenCalled();
		await h.flow.submitCertificatePassword(PASSWORD, PASSWORD);
		expect(h.flow.state.step).toBe('agreement');
		await vi.waitFor(() =>
			expect(prepare).toHaveBeenCalledWith(expect.any(String), PASSWORD, 'modern')
		);
		await h.flow.acceptAgreement(true);
		expect(h.flow.state.step).toBe('key-options');
		finish();
	});

	it('does not derive again at Create when the prepared work exists, and releases it once built', async () => {
		const { prepare, release, pbkdf2, port } = observedWorker();
		const store = new MemoryStore();
		const h = harness(fakeApi(ca, orderSummary()), { store, loadCrypto: async () => port });
		await toKeyOptions(h);
		await derivedAhead(prepare);
		// The key wrap's first; then one for both bags of the modern profile, which share a salt.
		expect(pbkdf2).toEqual([600_000, 200_000]);
		pbkdf2.length = 0;
		await h.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' });
		expect(pbkdf2, 'PBKDF2 at Create').toEqual([]);
		await expectUsableFiles(h.flow.state, store);
		const handle = prepare.mock.calls[0]?.[0];
		await vi.waitFor(() => expect(release).toHaveBeenCalledWith(handle));
	});

	it('still stores the wrapped key before the request leaves when the wrapping key was prepared', async () => {
		const { prepare, port } = observedWorker();
		const api = fakeApi(ca, orderSummary());
		const store = new HeldStore();
		const h = harness(api, { store, loadCrypto: async () => port });
		await toKeyOptions(h);
		await derivedAhead(prepare);
		await createWithHeldWrite(h, store, api);
		await expectUsableFiles(h.flow.state, store);
	});

	it('derives on demand, in the same format, when the worker was restarted meanwhile', async () => {
		const { prepare, client, pbkdf2, port } = observedWorker();
		const store = new MemoryStore();
		const h = harness(fakeApi(ca, orderSummary()), { store, loadCrypto: async () => port });
		await toKeyOptions(h);
		await derivedAhead(prepare);
		client.stop('idle');
		pbkdf2.length = 0;
		await h.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'modern' });
		expect(pbkdf2.filter((count) => count === 600_000)).toHaveLength(1);
		expect(pbkdf2.filter((count) => count === 200_000)).toHaveLength(1);
		const p12 = await expectUsableFiles(h.flow.state, store);
		expect(holds(p12, TRIPLE_DES_OID)).toBe(false);
	});

	it('derives the .p12’s keys for another profile chosen at the key options, keeping the prepared key wrap', async () => {
		const { prepare, pbkdf2, port } = observedWorker();
		const store = new MemoryStore();
		const h = harness(fakeApi(ca, orderSummary()), { store, loadCrypto: async () => port });
		await toKeyOptions(h);
		await derivedAhead(prepare);
		expect(prepare.mock.calls[0]?.[2]).toBe('modern');
		pbkdf2.length = 0;
		await h.flow.chooseKeyOptions({ algorithm: 'P-256', profile: 'legacy' });
		expect(pbkdf2, 'PBKDF2 at Create').toEqual([]);
		const p12 = await expectUsableFiles(h.flow.state, store);
		expect(holds(p12, TRIPLE_DES_OID)).toBe(true);
	});
});
