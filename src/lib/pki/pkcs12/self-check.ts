/**
 * The check before a .p12 is offered: parse it back with the password, as an importer would,
 * and prove that the key in it is the key of the leaf in it, paired by localKeyId.
 */
import { equalBytes, toArrayBuffer } from '../bytes.ts';
import { PkiError } from '../errors.ts';
import { exportSpki, importPkcs8, importSpki, keyAlgorithmOf, signingAlgorithm } from '../keys.ts';
import { X509Certificate } from '../x509.ts';
import { Derivations } from './derivations.ts';
import { readPkcs12, type Pkcs12Contents } from './read.ts';

export interface Pkcs12Expectation {
	leafDer: Uint8Array;
	/** Our public key (or its SPKI); by default the leaf's, which the leaf check then covers. */
	publicKey?: CryptoKey | Uint8Array;
	/** Every certificate the file must hold, in any order. */
	certificates?: readonly Uint8Array[];
}

function fail(reason: string, cause?: unknown): never {
	throw new PkiError('pkcs12_self_check_failed', `self-check: ${reason}`, { cause });
}

/** Proof of possession: a signature by the file's key verifies under the expected public key. */
async function keyMatches(pkcs8: Uint8Array, spki: Uint8Array): Promise<boolean> {
	const algorithm = keyAlgorithmOf(spki);
	if (!algorithm) return false;
	const challenge = crypto.getRandomValues(new Uint8Array(32));
	const params = signingAlgorithm(algorithm);
	const privateKey = await importPkcs8(pkcs8, algorithm);
	const signature = await crypto.subtle.sign(params, privateKey, challenge);
	return crypto.subtle.verify(params, await importSpki(spki, algorithm), signature, challenge);
}

/** `derivations` is for buildPkcs12 only (see derivations.ts). */
export async function selfCheckPkcs12(
	der: Uint8Array,
	password: string,
	expected: Pkcs12Expectation,
	derivations = new Derivations()
): Promise<Pkcs12Contents> {
	let contents: Pkcs12Contents;
	try {
		contents = await readPkcs12(der, password, derivations);
	} catch (error) {
		fail('the file does not open with its password', error);
	}
	if (!contents.leaf || !equalBytes(contents.leaf, expected.leafDer)) {
		fail('the key is not paired with the leaf certificate by localKeyId');
	}
	if (!contents.friendlyName) fail('the key has no friendlyName');
	const certificates = expected.certificates;
	if (
		certificates &&
		(certificates.length !== contents.certificates.length ||
			!certificates.every((c) => contents.certificates.some((d) => equalBytes(c, d))))
	) {
		fail('the certificates differ from the chain');
	}
	const leafSpki = new Uint8Array(
		new X509Certificate(toArrayBuffer(expected.leafDer)).publicKey.rawData
	);
	const publicKey = expected.publicKey;
	const spki = !publicKey
		? leafSpki
		: publicKey instanceof Uint8Array
			? publicKey
			: await exportSpki(publicKey);
	if (!equalBytes(spki, leafSpki)) fail('the leaf certificate is not for the expected key');
	const matches = await keyMatches(contents.privateKeyPkcs8, spki).catch(() => false);
	if (!matches) fail('the private key does not match the leaf certificate');
	return contents;
}
