/**
 * Key pairs made by WebCrypto, and the order's key policy. RSA keys use e = 65537 (RFC 8017
 * section 3.1 allows others, but every CA baseline requires it); EC keys use the NIST curves of
 * RFC 5480.
 */
import type { KeyAlgorithmName } from '../api/types.js';
import { toArrayBuffer } from './bytes.js';
import { DerReader } from './der.js';
import { PkiError, asPkiError } from './errors.js';
import { OID } from './oids.js';

export const KEY_ALGORITHMS: readonly KeyAlgorithmName[] = [
	'RSA-2048',
	'RSA-3072',
	'RSA-4096',
	'P-256',
	'P-384'
];

const F4 = new Uint8Array([0x01, 0x00, 0x01]);

type KeyParams = RsaHashedKeyGenParams | EcKeyGenParams;

function keyParams(algorithm: KeyAlgorithmName): KeyParams {
	switch (algorithm) {
		case 'P-256':
		case 'P-384':
			return { name: 'ECDSA', namedCurve: algorithm };
		default:
			return {
				name: 'RSASSA-PKCS1-v1_5',
				modulusLength: Number(algorithm.slice(4)),
				publicExponent: F4,
				hash: 'SHA-256'
			};
	}
}

/** RFC 5758 section 3.2: the hash should match the curve's strength, so P-384 signs with SHA-384. */
export function signingAlgorithm(algorithm: KeyAlgorithmName): RsaHashedImportParams | EcdsaParams {
	if (algorithm === 'P-384') return { name: 'ECDSA', hash: 'SHA-384' };
	if (algorithm === 'P-256') return { name: 'ECDSA', hash: 'SHA-256' };
	return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
}

export function assertKeyAllowed(
	algorithm: KeyAlgorithmName | null,
	allowed: readonly KeyAlgorithmName[] = KEY_ALGORITHMS
): asserts algorithm is KeyAlgorithmName {
	if (!algorithm || !allowed.includes(algorithm)) {
		throw new PkiError(
			'key_algorithm_not_allowed',
			`key algorithm ${algorithm ?? 'unknown'} is not one of ${allowed.join(', ')}`
		);
	}
}

/** The private key is extractable because it must be wrapped at rest and written into the .p12. */
export async function generateKeyPair(
	algorithm: KeyAlgorithmName,
	allowed: readonly KeyAlgorithmName[] = KEY_ALGORITHMS
): Promise<CryptoKeyPair> {
	assertKeyAllowed(algorithm, allowed);
	return crypto.subtle.generateKey(keyParams(algorithm), true, ['sign', 'verify']);
}

export async function exportPkcs8(key: CryptoKey): Promise<Uint8Array> {
	return new Uint8Array(await crypto.subtle.exportKey('pkcs8', key));
}

export async function exportSpki(key: CryptoKey): Promise<Uint8Array> {
	return new Uint8Array(await crypto.subtle.exportKey('spki', key));
}

export async function importPkcs8(
	der: Uint8Array,
	algorithm: KeyAlgorithmName
): Promise<CryptoKey> {
	return asPkiError('key_malformed', `PKCS#8 is not a valid ${algorithm} private key`, () =>
		crypto.subtle.importKey('pkcs8', toArrayBuffer(der), keyParams(algorithm), true, ['sign'])
	);
}

export async function importSpki(der: Uint8Array, algorithm: KeyAlgorithmName): Promise<CryptoKey> {
	return asPkiError('key_malformed', `SPKI is not a valid ${algorithm} public key`, () =>
		crypto.subtle.importKey('spki', toArrayBuffer(der), keyParams(algorithm), true, ['verify'])
	);
}

/**
 * The policy name of a public key, or null when the key is outside every policy this product
 * knows (other curves or sizes, RSA exponents other than 65537, unparsable SPKI).
 */
export function keyAlgorithmOf(publicKey: CryptoKey | Uint8Array): KeyAlgorithmName | null {
	if (publicKey instanceof Uint8Array) return spkiAlgorithm(publicKey);
	const algorithm = publicKey.algorithm as Partial<RsaHashedKeyAlgorithm & EcKeyAlgorithm>;
	if (algorithm.namedCurve === 'P-256' || algorithm.namedCurve === 'P-384') {
		return algorithm.namedCurve;
	}
	if (algorithm.publicExponent && !sameExponent(algorithm.publicExponent)) return null;
	return rsaName(algorithm.modulusLength ?? 0);
}

function rsaName(bits: number): KeyAlgorithmName | null {
	const name = `RSA-${bits}`;
	return KEY_ALGORITHMS.includes(name as KeyAlgorithmName) ? (name as KeyAlgorithmName) : null;
}

function sameExponent(exponent: Uint8Array): boolean {
	const trimmed = exponent.subarray(exponent.findIndex((b) => b !== 0));
	return trimmed.length === F4.length && trimmed.every((b, i) => b === F4[i]);
}

/** RFC 5280 section 4.1.2.7 SubjectPublicKeyInfo, RFC 8017 appendix A.1.1, RFC 5480 section 2. */
function spkiAlgorithm(spki: Uint8Array): KeyAlgorithmName | null {
	const der: DerReader = new DerReader('key_malformed', 'SubjectPublicKeyInfo');
	try {
		const [algorithmId, publicKey] = der.sequence(der.parse(spki), 2, 2);
		const [oid, parameters] = der.sequence(algorithmId, 1, 2);
		const key = der.bitString(publicKey);
		switch (der.oid(oid)) {
			case OID.ecPublicKey: {
				const curve = der.oid(parameters);
				if (curve === OID.secp256r1 && key.length === 65) return 'P-256';
				if (curve === OID.secp384r1 && key.length === 97) return 'P-384';
				return null;
			}
			case OID.rsaEncryption: {
				const [modulus, exponent] = der.sequence(der.parse(key), 2, 2);
				const n = der.unsignedInteger(modulus);
				if (!sameExponent(der.unsignedInteger(exponent))) return null;
				const firstNonZero = n.findIndex((b) => b !== 0);
				if (firstNonZero < 0) return null;
				const top = n[firstNonZero] ?? 0;
				return rsaName((n.length - firstNonZero - 1) * 8 + (32 - Math.clz32(top)));
			}
			default:
				return null;
		}
	} catch (error) {
		if (error instanceof PkiError) return null;
		throw error;
	}
}
