import type { OrderSummary } from '../api/types.ts';
import type { KeyAlgorithmName } from '../domain/key-algorithms.ts';
import type { Pkcs12Profile } from '../domain/pkcs12-profiles.ts';
import type { SubjectAltName } from '../domain/subject-alt-names.ts';
import type { SubjectAttribute } from '../domain/subject-attributes.ts';
import type { CsrResult, PickupResult } from './state.ts';

/**
 * What the flow needs from src/lib/pki. It runs in a module worker (crypto-worker.ts), so key
 * generation, the .p12's key derivations and the checks never freeze the page; the worker's code
 * loads while the applicant reads the order, and the page never loads @peculiar/x509, asn1js or
 * the PKCS#12 code.
 */
export interface PickupCrypto {
	generateKeyPair(
		algorithm: KeyAlgorithmName,
		allowed: readonly KeyAlgorithmName[]
	): Promise<CryptoKeyPair>;
	exportPkcs8(key: CryptoKey): Promise<Uint8Array>;
	/**
	 * Derives, under `handle`, the keys the password will need: the key wrap's, the .p12's for
	 * `profile`. Resolves when they are derived; kept in the worker's memory until released.
	 */
	prepareDerivations(handle: string, password: string, profile: Pkcs12Profile): Promise<void>;
	/** Encrypts the .p12's key bag under the keys of `handle`, for a .p12 of `profile`. */
	prepareKeyBag(handle: string, pkcs8: Uint8Array, profile: Pkcs12Profile): Promise<void>;
	releaseDerivations(handle: string): Promise<void>;
	/** With the key `prepared` holds for this password if there is one, else one derived now. */
	wrapPrivateKey(
		pkcs8: Uint8Array,
		password: string,
		prepared?: string | null
	): Promise<Uint8Array>;
	unwrapPrivateKey(wrapped: Uint8Array, password: string): Promise<Uint8Array>;
	createCsr(params: {
		keys: CryptoKeyPair;
		subject: SubjectAttribute[];
		subjectAltNames: SubjectAltName[];
	}): Promise<string>;
	/** An uploaded PEM or DER request, checked against the order; returns it as PEM. */
	checkUploadedCsr(input: string | Uint8Array, order: OrderSummary): Promise<string>;
	/** Verifies the chain against the request's key and the order, then builds and self-checks the .p12. */
	pickupResult(params: {
		chainPem: string;
		csrPem: string;
		order: OrderSummary;
		privateKeyPkcs8: Uint8Array;
		password: string;
		profile: Pkcs12Profile;
		/** The keys derived ahead, where they fit; else they are derived now. */
		prepared?: string | null;
	}): Promise<PickupResult>;
	/** Verifies the chain against the uploaded request and the order; offers it as .pem, .p7b and .cer. */
	csrResult(params: { chainPem: string; csrPem: string; order: OrderSummary }): Promise<CsrResult>;
}

// The worker's page side is a chunk of its own too: the first screen carries only this file.
let workerSide: Promise<typeof import('./crypto-worker-client')> | null = null;

/** The crypto port; its worker starts now, so its code is loaded by the time it is needed. */
export async function loadPickupCrypto(): Promise<PickupCrypto> {
	workerSide ??= import('./crypto-worker-client.ts');
	return (await workerSide).warmPickupCrypto();
}

/**
 * Ends the crypto worker at once, and with it any key material it holds: another tab took the
 * pickup over, or a kiosk session ends. Pending calls fail with WorkerStoppedError.
 */
export function stopPickupCrypto(reason: string): void {
	void workerSide?.then((side) => side.stopPickupCrypto(reason));
}
