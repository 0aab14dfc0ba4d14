/** The page side of the crypto worker (see crypto.ts): one worker per page, started on demand. */
import type { PickupCrypto } from './crypto';
import { rpcPort, WorkerClient } from './worker-client';

const METHODS: Record<keyof PickupCrypto, true> = {
	generateKeyPair: true,
	exportPkcs8: true,
	wrapPrivateKey: true,
	unwrapPrivateKey: true,
	createCsr: true,
	checkUploadedCsr: true,
	pickupResult: true,
	csrResult: true
};

// Long enough to outlast the pauses of a pickup in progress, short enough that a pickup left
// alone does not keep a worker and its memory.
const IDLE_MILLISECONDS = 30_000;

const cryptoWorker = new WorkerClient(
	() => new Worker(new URL('./crypto-worker.ts', import.meta.url), { type: 'module' }),
	{ idleMilliseconds: IDLE_MILLISECONDS }
);
const pickupCrypto = pickupCryptoOver(cryptoWorker);

/** The port's methods as calls to the worker `client` runs. */
export function pickupCryptoOver(client: WorkerClient): PickupCrypto {
	return rpcPort<PickupCrypto>(client, METHODS);
}

export function warmPickupCrypto(): PickupCrypto {
	cryptoWorker.warm();
	return pickupCrypto;
}

export function stopPickupCrypto(reason: string): void {
	cryptoWorker.stop(reason);
}
