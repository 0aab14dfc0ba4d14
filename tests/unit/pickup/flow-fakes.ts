import { vi } from 'vitest';
import { ApiError } from '../../../src/lib/api/errors.ts';
import type { IssuanceResult, OrderSummary } from '../../../src/lib/api/types.ts';
import type { PickupCrypto } from '../../../src/lib/pickup/crypto.ts';
import { pickupCryptoOver } from '../../../src/lib/pickup/crypto-worker-client.ts';
import * as cryptoChunk from '../../../src/lib/pickup/crypto-chunk.ts';
import { PickupFlow, type PickupFlowOptions } from '../../../src/lib/pickup/flow.ts';
import { WorkerClient } from '../../../src/lib/pickup/worker-client.ts';
import { readPickupLink } from '../../../src/lib/pickup/link.ts';
import { detectPlatform } from '../../../src/lib/pickup/platform.ts';
import type { PickupApiPort, PickupStorePort, TabLock } from '../../../src/lib/pickup/ports.ts';
import type { PickupState } from '../../../src/lib/pickup/state.ts';
import { readPickupRecord } from '../../../src/lib/store/records.ts';
import type { SavedPickup } from '../../../src/lib/store/schema.ts';
import { parseCsr } from '../../../src/lib/pki/csr.ts';
import { importSpki } from '../../../src/lib/pki/keys.ts';
import type { TestCa } from '../../interop/support/ca.ts';
import { channelWorker } from './channel-worker.ts';

/**
 * For vi.waitFor around key generation and PBKDF2: its one-second default is too short on a
 * shared two-core machine. A wait bound, not a timed assertion.
 */
export const SLOW_MACHINE = { timeout: 60_000 };

export const ORDER_ID = 'ord_test_1';
export const LINK_SECRET = 'q3Yx8mZ1vK0pL7sT2wR9aB';
export const LINK = readPickupLink(`#o=${ORDER_ID}&s=${LINK_SECRET}`);
export const PICKUP_PASSWORD = 'pickup-pw';
export const PASSWORD = 'Abcdefgh1234';

/** Keeps records as IndexedDB does: whatever was written, read back through the schema check. */
export class MemoryStore implements PickupStorePort {
	readonly records = new Map<string, unknown>();
	/** As if the pickup session had run out while the app was closed. */
	expireSession(orderId: string) {
		const record = this.records.get(orderId) as SavedPickup | undefined;
		if (record) delete record.session;
	}
	async get(orderId: string) {
		const record = this.records.get(orderId);
		return record === undefined ? undefined : readPickupRecord(structuredClone(record));
	}
	async put(pickup: SavedPickup) {
		this.records.set(pickup.orderId, structuredClone(pickup));
	}
	async delete(orderId: string) {
		this.records.delete(orderId);
	}
}

/** A lock that one test can refuse or take away, as another tab would. */
export class FakeLock implements TabLock {
	available = true;
	onLost: (() => void) | null = null;
	async acquire(_orderId: string, options: { steal: boolean; onLost: () => void }) {
		if (!this.available && !options.steal) return false;
		this.onLost = options.onLost;
		return true;
	}
}

/** What a CA answers to a request: a chain for the request's key, with the order's names. */
export async function issueChainPem(
	ca: TestCa,
	csrPem: string,
	order: OrderSummary
): Promise<string> {
	const csr = await parseCsr(csrPem);
	const publicKey = await importSpki(csr.publicKeySpki, csr.keyAlgorithm ?? 'P-256');
	const leaf = await ca.issue({
		publicKey,
		subject: order.subject,
		subjectAltNames: order.subjectAltNames
	});
	return [leaf, ca.intermediate, ca.root]
		.map((certificate) => certificate.toString('pem'))
		.join('\n');
}

/** A CA endpoint that fails with each of `failures` in turn, then issues. */
export function issuingAfter(ca: TestCa, order: OrderSummary, ...failures: Error[]) {
	const requestCertificate = vi.fn<PickupApiPort['requestCertificate']>();
	for (const failure of failures) requestCertificate.mockRejectedValueOnce(failure);
	return requestCertificate.mockImplementation(async (_id, _token, body) => ({
		status: 'issued',
		chainPem: await issueChainPem(ca, body.csr, order)
	}));
}

/** An in-memory pickup server that issues from the test CA; the right pickup password is PICKUP_PASSWORD. */
export function fakeApi(ca: TestCa, order: OrderSummary, overrides: Partial<PickupApiPort> = {}) {
	let chainPem: string | null = null;
	const api = {
		summary: vi.fn(async () => order),
		openSession: vi.fn(async (_id: string, _secret: string, password: string) => {
			if (password !== PICKUP_PASSWORD) {
				throw new ApiError('pickup_password_wrong', 'wrong', { status: 401, attemptsLeft: 4 });
			}
			return { sessionToken: 'token', expiresAt: new Date(Date.now() + 600_000).toISOString() };
		}),
		requestCertificate: vi.fn(
			async (_id: string, _token: string, body: { csr: string }): Promise<IssuanceResult> => {
				chainPem = await issueChainPem(ca, body.csr, order);
				return { status: 'issued', chainPem };
			}
		),
		fetchCertificate: vi.fn(async (): Promise<IssuanceResult> => {
			if (!chainPem) throw new ApiError('certificate_not_ready', 'no request yet', { status: 409 });
			return { status: 'issued', chainPem };
		}),
		acknowledgeCollected: vi.fn(async () => undefined),
		...overrides
	} satisfies PickupApiPort;
	return api;
}

export interface Harness {
	flow: PickupFlow;
	store: MemoryStore;
	lock: FakeLock;
	states: PickupState[];
}

/**
 * The crypto port as the app runs it, through the worker protocol and structured cloning; the
 * worker is ended whenever no call is pending, so every call also exercises starting a new one.
 */
export function channelPickupCrypto(): PickupCrypto {
	return pickupCryptoOver(
		new WorkerClient(() => channelWorker(cryptoChunk.pickupCryptoWorker()), { idleMilliseconds: 0 })
	);
}

export function harness(
	api: PickupApiPort,
	parts: Partial<Pick<Harness, 'store' | 'lock'>> & Partial<PickupFlowOptions> = {}
): Harness {
	const store = parts.store ?? new MemoryStore();
	const lock = parts.lock ?? new FakeLock();
	const flow = new PickupFlow({
		api,
		store,
		lock,
		platform: detectPlatform('Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0 Safari/537.36'),
		wait: async () => undefined,
		now: () => new Date('2026-11-26T12:00:00Z'),
		requestPersistence: async () => true,
		loadCrypto: async () => channelPickupCrypto(),
		...parts
	});
	const states: PickupState[] = [];
	flow.subscribe((state) => states.push(state));
	return { flow, store, lock, states };
}

export function stepsOf(states: PickupState[]): string[] {
	return states.map((state) => (state.step === 'working' ? `working:${state.stage}` : state.step));
}

/** Drives a fresh flow through the manual steps up to the key options. */
export async function toKeyOptions(h: Harness): Promise<void> {
	await h.flow.open(LINK);
	h.flow.confirmReview();
	await h.flow.submitPickupPassword(PICKUP_PASSWORD);
	await h.flow.submitCertificatePassword(PASSWORD, PASSWORD);
	await h.flow.acceptAgreement(true);
}
