/** Keys, a CA and an issued chain, made once per test file and shared by its tests. */
import type { KeyAlgorithmName } from '../../../src/lib/domain/key-algorithms.ts';
import { PkiError } from '../../../src/lib/pki/errors.ts';
import { generateKeyPair } from '../../../src/lib/pki/keys.ts';
import { createTestCa, SUBJECT, SUBJECT_ALT_NAMES, type TestCa } from '../../interop/support/ca.ts';
import type { X509Certificate } from '../../../src/lib/pki/x509.ts';

const keyCache = new Map<KeyAlgorithmName, Promise<CryptoKeyPair>>();

export function keysFor(algorithm: KeyAlgorithmName): Promise<CryptoKeyPair> {
	let keys = keyCache.get(algorithm);
	if (!keys) {
		keys = generateKeyPair(algorithm);
		keyCache.set(algorithm, keys);
	}
	return keys;
}

let caPromise: Promise<TestCa> | undefined;

export function testCa(): Promise<TestCa> {
	caPromise ??= createTestCa();
	return caPromise;
}

export interface Issued {
	ca: TestCa;
	keys: CryptoKeyPair;
	leaf: X509Certificate;
	/** Leaf, intermediate, root. */
	chainPem: string;
	chainDer: Uint8Array[];
}

export async function issued(algorithm: KeyAlgorithmName = 'P-256'): Promise<Issued> {
	const ca = await testCa();
	const keys = await keysFor(algorithm);
	const leaf = await ca.issue({
		publicKey: keys.publicKey,
		subject: SUBJECT,
		subjectAltNames: SUBJECT_ALT_NAMES
	});
	const chain = [leaf, ca.intermediate, ca.root];
	return {
		ca,
		keys,
		leaf,
		chainPem: chain.map((c) => c.toString('pem')).join('\n'),
		chainDer: chain.map((c) => new Uint8Array(c.rawData))
	};
}

/** Resolves to the PkiError code of a rejected promise, or fails the test. */
export async function codeOf(promise: Promise<unknown> | (() => unknown)): Promise<string> {
	try {
		await (typeof promise === 'function' ? promise() : promise);
	} catch (error) {
		if (error instanceof PkiError) {
			return error.code;
		}
		throw error;
	}
	throw new Error('expected a PkiError, but nothing was thrown');
}

/** A copy with one bit flipped; a negative index counts from the end. */
export function flipBit(bytes: Uint8Array, index: number, mask = 0x01): Uint8Array {
	const copy = bytes.slice();
	const at = index < 0 ? copy.length + index : index;
	copy[at] = (copy[at] ?? 0) ^ mask;
	return copy;
}

export { SUBJECT, SUBJECT_ALT_NAMES };
