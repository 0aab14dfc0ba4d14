/** The page side of the crypto worker (see crypto.ts): one worker per page, started on demand. */
import type { PickupCrypto } from './crypto.ts';
import { rpcPort, WorkerClient } from './worker-client.ts';

const METHODS: Record<keyof PickupCrypto, true> = {
	generateKeyPair: true,
	exportPkcs8: true,
	prepareDerivations: true,
	prepareKeyBag: true,
	releaseDerivations: true,
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

/**
 * The port's methods as calls to the worker `client` runs. A worker holding prepared keys is not
 * ended when idle: the applicant reads the agreement and weighs the key options for longer than
 * the idle time, and ending it would throw away the very work that was done ahead. What it holds
 * is no more secret than the certificate password the page holds over the same span; it ends with
 * the release (the file built, a new password, the pickup forgotten), a kiosk wipe or a take-over.
 */
export function pickupCryptoOver(client: WorkerClient): PickupCrypto {
	const port = rpcPort<PickupCrypto>(client, METHODS);
	return {
		...port,
		prepareDerivations(handle, ...rest) {
			const derived = port.prepareDerivations(handle, ...rest);
			client.hold(handle);
			return derived;
		},
		async releaseDerivations(handle) {
			// A worker that is no longer running holds nothing: no new one is started to forget.
			if (!client.holds(handle)) return;
			client.letGo(handle);
			await port.releaseDerivations(handle);
		}
	};
}

export function warmPickupCrypto(): PickupCrypto {
	cryptoWorker.warm();
	return pickupCrypto;
}

export function stopPickupCrypto(reason: string): void {
	cryptoWorker.stop(reason);
}
