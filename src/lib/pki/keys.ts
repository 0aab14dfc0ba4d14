/**
 * Key pairs made by WebCrypto, and the order's key policy. RSA keys use e = 65537 (RFC 8017
 * section 3.1 allows others, but every CA baseline requires it); EC keys use the NIST curves of
 * RFC 5480.
 */
import { KEY_ALGORITHMS, type KeyAlgorithmName } from '../domain/key-algorithms.ts';
import { toArrayBuffer } from './bytes.ts';
import { DerReader, type Asn1 } from './der.ts';
import { PkiError, asPkiError } from './errors.ts';
import { OID } from './oids.ts';

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

function spkiAlgorithm(spki: Uint8Array): KeyAlgorithmName | null {
	return describeSpki(spki).name;
}

/**
 * What a public key is, for telling an applicant which key they sent when it is refused:
 * "RSA-1024", "RSA-2048 (e=3)", "EC P-521", "Ed25519". Language-neutral, as it is shown inside
 * localized sentences.
 */
export function keyDescription(spki: Uint8Array): string {
	return describeSpki(spki).description;
}

const CURVE_NAMES: Record<string, string> = {
	[OID.secp256r1]: 'P-256',
	[OID.secp384r1]: 'P-384',
	'1.3.132.0.33': 'P-224',
	'1.3.132.0.35': 'P-521',
	'1.3.132.0.10': 'secp256k1',
	'1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1',
	'1.3.36.3.3.2.8.1.1.11': 'brainpoolP384r1',
	'1.3.36.3.3.2.8.1.1.13': 'brainpoolP512r1'
};

const OTHER_KEY_NAMES: Record<string, string> = {
	'1.3.101.112': 'Ed25519',
	'1.3.101.113': 'Ed448',
	'1.2.840.10040.4.1': 'DSA'
};

/** `describePublicKey` for a SubjectPublicKeyInfo on its own. */
export function describeSpki(spki: Uint8Array): PublicKeyFacts {
	try {
		return describePublicKey(new DerReader('key_malformed', 'SubjectPublicKeyInfo').parse(spki));
	} catch (error) {
		if (error instanceof PkiError) return { name: null, description: 'unreadable key' };
		throw error;
	}
}

export interface PublicKeyFacts {
	/** The policy name, or null when the key is outside every policy this product knows. */
	name: KeyAlgorithmName | null;
	/** What the key is, for the applicant: "RSA-1024", "EC P-521". */
	description: string;
}

/**
 * `keyAlgorithmOf` and `keyDescription` for a SubjectPublicKeyInfo inside a parsed structure
 * (RFC 5280 section 4.1.2.7, RFC 8017 appendix A.1.1, RFC 5480 section 2).
 */
export function describePublicKey(spki: Asn1): PublicKeyFacts {
	const der: DerReader = new DerReader('key_malformed', 'SubjectPublicKeyInfo');
	try {
		const [algorithmId, publicKey] = der.sequence(spki, 2, 2);
		const [oid, parameters] = der.sequence(algorithmId, 1, 2);
		const key = der.bitString(publicKey);
		const algorithm = der.oid(oid);
		switch (algorithm) {
			case OID.ecPublicKey: {
				const curve = der.oid(parameters);
				if (curve === OID.secp256r1 && key.length === 65) return known('P-256');
				if (curve === OID.secp384r1 && key.length === 97) return known('P-384');
				const curveName = CURVE_NAMES[curve];
				if (curveName === 'P-256' || curveName === 'P-384')
					return { name: null, description: `EC ${curveName} (malformed point)` };
				return { name: null, description: `EC ${curveName ?? curve}` };
			}
			case OID.rsaEncryption:
				return rsaFacts(der, key);
			// id-RSASSA-PSS (RFC 4055 sections 1.2 and 3): an RSA key restricted to RSASSA-PSS
			// signatures, whose certificate must not have keyEncipherment. An order's RSA-2048 is an
			// rsaEncryption key: its certificate gets keyEncipherment where the product's profile
			// gives it (server/issuers/usage.ts), and the issued chain is checked with it imported
			// as an RSASSA-PKCS1-v1_5 key (importSpki). So no policy names this one, and it is
			// refused by what it is rather than taken for RSA-2048.
			case OID.rsassaPss:
				return {
					name: null,
					description: `RSASSA-PSS (${rsaFacts(der, key).description} restricted to PSS)`
				};
			default:
				return { name: null, description: OTHER_KEY_NAMES[algorithm] ?? `key type ${algorithm}` };
		}
	} catch (error) {
		if (error instanceof PkiError) return { name: null, description: 'unreadable key' };
		throw error;
	}
}

/** RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 appendix A.1.1). */
function rsaFacts(der: DerReader, key: Uint8Array): PublicKeyFacts {
	const [modulus, exponent] = der.sequence(der.parse(key), 2, 2);
	const n = der.unsignedInteger(modulus);
	const e = der.unsignedInteger(exponent);
	const firstNonZero = n.findIndex((b) => b !== 0);
	if (firstNonZero < 0) return { name: null, description: 'RSA (zero modulus)' };
	const top = n[firstNonZero] ?? 0;
	const bits = (n.length - firstNonZero - 1) * 8 + (32 - Math.clz32(top));
	if (!sameExponent(e)) return { name: null, description: `RSA-${bits} (e=${exponentText(e)})` };
	return { name: rsaName(bits), description: `RSA-${bits}` };
}

function known(name: KeyAlgorithmName): PublicKeyFacts {
	return { name, description: name };
}

function exponentText(exponent: Uint8Array): string {
	const hex = Array.from(exponent, (b) => b.toString(16).padStart(2, '0')).join('');
	return hex.length > 12 ? `0x${hex.replace(/^0+/, '')}` : String(parseInt(hex || '0', 16));
}
