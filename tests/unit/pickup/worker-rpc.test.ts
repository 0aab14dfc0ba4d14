import { describe, expect, it } from 'vitest';
import type { OrderSummary } from '../../../src/lib/api/types.ts';
import { pickupCryptoOver } from '../../../src/lib/pickup/crypto-worker-client.ts';
import * as cryptoChunk from '../../../src/lib/pickup/crypto-chunk.ts';
import { isRetryable, toFlowError } from '../../../src/lib/pickup/errors.ts';
import {
	WorkerClient,
	WorkerStoppedError,
	type WorkerHandle
} from '../../../src/lib/pickup/worker-client.ts';
import { PkiError } from '../../../src/lib/pki/errors.ts';
import { channelWorker, type ChannelWorker } from './channel-worker.ts';

/** Timers under the test's hand: the idle timeout fires when the test says so. */
class ManualTimers {
	readonly armed = new Map<number, () => void>();
	#next = 1;
	set = (run: () => void) => {
		const id = this.#next++;
		this.armed.set(id, run);
		return id;
	};
	clear = (id: unknown) => this.armed.delete(id as number);
	fire() {
		const runs = [...this.armed.values()];
		this.armed.clear();
		for (const run of runs) run();
	}
}

function client(handlers: object, idleMilliseconds = 30_000) {
	const timers = new ManualTimers();
	const workers: ChannelWorker[] = [];
	const start = (): WorkerHandle => {
		const worker = channelWorker(handlers);
		workers.push(worker);
		return worker;
	};
	const rpc = new WorkerClient(start, {
		idleMilliseconds,
		setTimer: timers.set,
		clearTimer: timers.clear
	});
	return { rpc, timers, workers };
}

/** Resolves when the test lets it: a call that stays pending in the worker. */
function gate() {
	let open!: () => void;
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { open, opened };
}

const ORDER = {
	orderId: 'ord_1',
	subject: [{ type: 'CN', value: 'Jan Peeters' }],
	subjectAltNames: [],
	keyPolicy: { allowed: ['P-256'], recommended: 'P-256' }
} as unknown as OrderSummary;

describe('crypto worker protocol', () => {
	it('carries keys, bytes and PEM both ways through structured cloning', async () => {
		const crypto = pickupCryptoOver(client(cryptoChunk.pickupCryptoWorker()).rpc);
		const keys = await crypto.generateKeyPair('P-256', ['P-256']);
		expect(keys.privateKey).toBeInstanceOf(CryptoKey);
		const pkcs8 = await crypto.exportPkcs8(keys.privateKey);
		expect(pkcs8).toBeInstanceOf(Uint8Array);
		const csr = await crypto.createCsr({
			keys,
			subject: ORDER.subject,
			subjectAltNames: []
		});
		expect(await crypto.checkUploadedCsr(csr, ORDER)).toBe(csr);
	});

	it('delivers a PkiError thrown in the worker as a PkiError with its code and params', async () => {
		const crypto = pickupCryptoOver(client(cryptoChunk.pickupCryptoWorker()).rpc);
		const failure = await crypto.checkUploadedCsr('not a request', ORDER).catch((e) => e);
		expect(failure).toBeInstanceOf(PkiError);
		expect(failure).toMatchObject({ name: 'PkiError', code: 'csr_malformed' });
		expect(toFlowError(failure).code).toBe('pki:csr_malformed');

		const { rpc } = client({
			refuse: () => {
				throw new PkiError('csr_san_missing', 'no SAN', { params: { option: '-addext' } });
			}
		});
		const refused = await rpc.call('refuse', []).catch((e) => e);
		expect(refused).toBeInstanceOf(PkiError);
		expect(toFlowError(refused)).toMatchObject({
			code: 'pki:csr_san_missing',
			params: { option: '-addext' }
		});
	});

	it('delivers other errors with their name and message, and refuses unknown methods', async () => {
		const { rpc } = client({
			broken: () => {
				throw new RangeError('out of range');
			}
		});
		await expect(rpc.call('broken', [])).rejects.toMatchObject({
			name: 'RangeError',
			message: 'out of range'
		});
		await expect(rpc.call('toString', [])).rejects.toThrow(/no worker method toString/);
	});

	it('stop ends the worker, rejects pending calls with a retryable work_stopped, and the next call starts a new worker', async () => {
		const held = gate();
		const { rpc, workers } = client({ hold: () => held.opened, echo: (value: string) => value });
		const pending = rpc.call('hold', []);
		await rpc.call('echo', ['started']);
		rpc.stop('another tab took the pickup over');
		const failure: unknown = await pending.catch((e: unknown) => e);
		if (!(failure instanceof WorkerStoppedError)) throw new Error('expected WorkerStoppedError');
		expect(failure.message).toMatch(/another tab took the pickup over/);
		expect(toFlowError(failure).code).toBe('work_stopped');
		expect(isRetryable(toFlowError(failure))).toBe(true);
		expect(workers[0]!.terminated).toBe(true);
		expect(rpc.running).toBe(false);

		expect(await rpc.call('echo', ['again'])).toBe('again');
		expect(workers).toHaveLength(2);
		held.open();
	});

	it('ends the worker after the idle time with no call pending, never during a call', async () => {
		const held = gate();
		const { rpc, timers, workers } = client({ hold: () => held.opened, echo: (v: string) => v });
		rpc.warm();
		expect(rpc.running).toBe(true);
		expect(timers.armed.size).toBe(1);

		const pending = rpc.call('hold', []);
		expect(timers.armed.size).toBe(0);
		timers.fire();
		expect(rpc.running).toBe(true);

		held.open();
		await pending;
		expect(timers.armed.size).toBe(1);
		timers.fire();
		expect(rpc.running).toBe(false);
		expect(workers[0]!.terminated).toBe(true);

		expect(await rpc.call('echo', ['restarted'])).toBe('restarted');
		expect(workers).toHaveLength(2);
	});

	it('keeps a worker that holds prepared keys past its idle time, and ends it once they are released', async () => {
		const released: string[] = [];
		const { rpc, timers, workers } = client({
			prepareDerivations: async () => undefined,
			releaseDerivations: async (handle: string) => void released.push(handle)
		});
		const port = pickupCryptoOver(rpc);
		await port.prepareDerivations('h1', 'pw', 'modern');
		expect(timers.armed.size).toBe(0);
		timers.fire();
		expect(rpc.running).toBe(true);

		await port.releaseDerivations('h1');
		expect(released).toEqual(['h1']);
		expect(timers.armed.size).toBe(1);
		timers.fire();
		expect(rpc.running).toBe(false);
		expect(workers[0]!.terminated).toBe(true);
	});

	it('starts no worker only to release what a stopped one held', async () => {
		const { rpc, workers } = client({
			prepareDerivations: async () => undefined,
			releaseDerivations: async () => undefined
		});
		const port = pickupCryptoOver(rpc);
		await port.prepareDerivations('h1', 'pw', 'modern');
		rpc.stop('the kiosk session ended');
		await port.releaseDerivations('h1');
		expect(rpc.running).toBe(false);
		expect(workers).toHaveLength(1);
	});

	it('a stopped worker takes its holds with it: the next one is ended when idle', async () => {
		const { rpc, timers } = client({
			prepareDerivations: async () => undefined,
			echo: (v: string) => v
		});
		await pickupCryptoOver(rpc).prepareDerivations('h1', 'pw', 'modern');
		rpc.stop('another tab took the pickup over');
		await rpc.call('echo', ['fresh']);
		expect(timers.armed.size).toBe(1);
		timers.fire();
		expect(rpc.running).toBe(false);
	});

	it('a worker that fails (its script did not load) rejects its pending calls; the next call starts afresh', async () => {
		const held = gate();
		const { rpc, workers } = client({ hold: () => held.opened, echo: (v: string) => v });
		const pending = rpc.call('hold', []);
		workers[0]!.fail();
		await expect(pending).rejects.toThrow(/the crypto worker failed/);
		expect(workers[0]!.terminated).toBe(true);
		expect(await rpc.call('echo', ['fresh'])).toBe('fresh');
		held.open();
	});

	it("brings the worker's measured spans into the page's performance timeline", async () => {
		const { rpc } = client({
			measuredWork: async () => {
				const start = performance.now();
				await new Promise((resolve) => setTimeout(resolve, 5));
				performance.measure('worker span', { start });
			}
		});
		performance.clearMeasures();
		await rpc.call('measuredWork', []);
		expect(performance.getEntriesByName('crypto worker start', 'measure')).toHaveLength(1);
		expect(performance.getEntriesByName('crypto measuredWork', 'measure')).toHaveLength(1);
		// In this test the "worker" shares the page's timeline: the span was taken out, then put back.
		expect(performance.getEntriesByName('worker span', 'measure')).toHaveLength(1);
	});
});
