/**
 * A request's self-signature (RFC 2986 section 3, the proof of possession of the key), checked with
 * WebCrypto from the parts the request's one DER parse gave: no second parse of the request, and an
 * EC key imported as its bare point rather than decoded again as a SubjectPublicKeyInfo. Which key
 * and algorithm are acceptable is decided here; the last step, the signature arithmetic, can be
 * handed to a platform's own primitive (the server's is node:crypto's, see server/csr.ts).
 */
import * as asn1js from 'asn1js';
import type { Asn1, DerReader } from './der.ts';
import { OID } from './oids.ts';
import { readRsassaPssParams, type RsassaPssParams } from './rsassa-pss.ts';

export type SignatureAlgorithm =
	| { family: 'ECDSA' | 'RSASSA-PKCS1-v1_5'; hash: string }
	| { family: 'RSA-PSS'; hash: string; saltLength: number }
	/** One WebCrypto cannot check, named for the refusal: such a signature never verifies. */
	| { family: 'other'; hash: string; name: string };

/** RFC 5758 section 3.2 (ECDSA), RFC 8017 appendix A.2.4 (PKCS #1 v1.5), RFC 3279 (the old ones). */
const SIGNATURE_ALGORITHMS: Record<string, SignatureAlgorithm> = {
	'1.2.840.10045.4.1': { family: 'ECDSA', hash: 'SHA-1' },
	'1.2.840.10045.4.3.2': { family: 'ECDSA', hash: 'SHA-256' },
	'1.2.840.10045.4.3.3': { family: 'ECDSA', hash: 'SHA-384' },
	'1.2.840.10045.4.3.4': { family: 'ECDSA', hash: 'SHA-512' },
	'1.2.840.113549.1.1.2': { family: 'RSASSA-PKCS1-v1_5', hash: 'MD2' },
	'1.2.840.113549.1.1.4': { family: 'RSASSA-PKCS1-v1_5', hash: 'MD5' },
	'1.2.840.113549.1.1.5': { family: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' },
	'1.2.840.113549.1.1.11': { family: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
	'1.2.840.113549.1.1.12': { family: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' },
	'1.2.840.113549.1.1.13': { family: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' },
	'1.2.840.10040.4.3': { family: 'other', hash: 'SHA-1', name: 'DSA with SHA-1' }
};

/** The hashes WebCrypto's RSA-PSS can be given. */
const WEBCRYPTO_HASHES = new Set(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']);

/** The curves WebCrypto verifies with, and their field size in bytes (for r || s). */
const CURVES: Record<string, { name: string; size: number }> = {
	[OID.secp256r1]: { name: 'P-256', size: 32 },
	[OID.secp384r1]: { name: 'P-384', size: 48 },
	'1.3.132.0.35': { name: 'P-521', size: 66 }
};

/**
 * Whether `signature`, as the request carries it (for ECDSA the DER ECDSA-Sig-Value), is `key`'s
 * signature over `signed` with `algorithm`. May throw on a malformed signature: that is a no.
 */
export type SignatureCheck = (
	key: CryptoKey,
	algorithm: VerifiableAlgorithm,
	signature: Uint8Array,
	signed: Uint8Array
) => Promise<boolean> | boolean;

export type VerifiableAlgorithm = Exclude<SignatureAlgorithm, { family: 'other' }>;

export function signatureAlgorithm(der: DerReader, algorithmIdentifier: Asn1): SignatureAlgorithm {
	const [oid, parameters] = der.sequence(algorithmIdentifier, 1, 2);
	return signatureAlgorithmOf(der.oid(oid), parameters && der.raw(parameters));
}

/**
 * The signature algorithm an AlgorithmIdentifier names; `parameters` is the encoding of its
 * parameters, if any, which only RSASSA-PSS needs. Throws PkiError('csr_malformed') when they
 * are malformed.
 */
export function signatureAlgorithmOf(oid: string, parameters?: Uint8Array): SignatureAlgorithm {
	if (oid === OID.rsassaPss) return rsassaPss(readRsassaPssParams(parameters));
	return SIGNATURE_ALGORITHMS[oid] ?? { family: 'other', hash: '', name: `algorithm ${oid}` };
}

/**
 * WebCrypto's RSA-PSS hashes the message and MGF1 with the key's one hash, and knows no other
 * mask generation function; RFC 8017 section 9.1 lets the two hashes differ, and RFC 4055 section
 * 3.1 only recommends that they match. What WebCrypto cannot check is named, for the refusal.
 */
function rsassaPss({
	hash,
	maskFunction,
	maskHash,
	saltLength
}: RsassaPssParams): SignatureAlgorithm {
	if (maskFunction === 'MGF1' && maskHash === hash && WEBCRYPTO_HASHES.has(hash))
		return { family: 'RSA-PSS', hash, saltLength };
	const mask =
		maskFunction === 'MGF1' ? `MGF1 with ${maskHash}` : `mask generation ${maskFunction}`;
	return { family: 'other', hash, name: `RSASSA-PSS with ${hash} and ${mask}` };
}

/** The parts of a SubjectPublicKeyInfo (RFC 5280 section 4.1.2.7) a signature check needs. */
export interface PublicKeyParts {
	/** The SubjectPublicKeyInfo as encoded. */
	spki: Uint8Array;
	algorithm: string;
	/** The parameters when they are an OBJECT IDENTIFIER (an EC key's named curve), else null. */
	curve: string | null;
	/** The subjectPublicKey BIT STRING's octets (an EC key's point). */
	point: Uint8Array;
}

/** `PublicKeyParts` of an element of a parsed structure; throws when it is no SubjectPublicKeyInfo. */
export function publicKeyParts(der: DerReader, spki: Asn1): PublicKeyParts {
	const [keyAlgorithm, keyBits] = der.sequence(spki, 2, 2);
	const [keyOid, parameters] = der.sequence(keyAlgorithm, 1, 2);
	const point = der.bitString(keyBits);
	const algorithm = der.oid(keyOid);
	const curve = parameters instanceof asn1js.ObjectIdentifier ? parameters.getValue() : null;
	return { spki: der.raw(spki), algorithm, curve, point };
}

/**
 * Whether WebCrypto can check a signature by the key at all: an rsaEncryption key, or an EC key
 * on a curve it knows. No when `publicKey` finds no SubjectPublicKeyInfo.
 */
export function verifiableKey(publicKey: () => PublicKeyParts): boolean {
	try {
		const { algorithm, curve } = publicKey();
		if (algorithm === OID.rsaEncryption) return true;
		return algorithm === OID.ecPublicKey && curve !== null && Object.hasOwn(CURVES, curve);
	} catch {
		return false;
	}
}

/**
 * Whether `signature` over `signed` verifies under the key `publicKey` reads. Any shape or
 * algorithm that does not fit (`publicKey` throwing included) is a signature that does not verify.
 */
export async function verifySelfSignature(
	der: DerReader,
	publicKey: () => PublicKeyParts,
	algorithm: VerifiableAlgorithm,
	signature: Uint8Array,
	signed: Uint8Array,
	check: SignatureCheck = webCryptoCheck(der)
): Promise<boolean> {
	try {
		const { spki, algorithm: keyAlgorithm, curve: curveOid, point } = publicKey();
		let key: CryptoKey;
		if (algorithm.family === 'ECDSA') {
			if (keyAlgorithm !== OID.ecPublicKey) return false;
			const curve = curveOid === null ? undefined : CURVES[curveOid];
			if (!curve) return false;
			key = await crypto.subtle.importKey(
				'raw',
				bufferOf(point),
				{ name: 'ECDSA', namedCurve: curve.name },
				false,
				['verify']
			);
		} else {
			if (keyAlgorithm !== OID.rsaEncryption) return false;
			key = await crypto.subtle.importKey(
				'spki',
				bufferOf(spki),
				{ name: algorithm.family, hash: algorithm.hash },
				false,
				['verify']
			);
		}
		return await check(key, algorithm, signature, signed);
	} catch {
		return false;
	}
}

/** The check in WebCrypto, which wants an ECDSA signature as r || s. */
function webCryptoCheck(der: DerReader): SignatureCheck {
	return (key, algorithm, signature, signed) => {
		const curve = (key.algorithm as Partial<EcKeyAlgorithm>).namedCurve;
		const size = Object.values(CURVES).find(({ name }) => name === curve)?.size;
		const value = size === undefined ? signature : ieeeP1363(der, signature, size);
		const params =
			algorithm.family === 'RSA-PSS'
				? { name: 'RSA-PSS', saltLength: algorithm.saltLength }
				: { name: algorithm.family, hash: algorithm.hash };
		return crypto.subtle.verify(params, key, bufferOf(value), bufferOf(signed));
	};
}

/** ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 section 2.2.3) to WebCrypto's r || s. */
function ieeeP1363(der: DerReader, signature: Uint8Array, size: number): Uint8Array {
	const [r, s] = der.sequence(der.parseDer(signature), 2, 2);
	const out = new Uint8Array(2 * size);
	[r, s].forEach((integer, index) => {
		const magnitude = der.unsignedInteger(integer);
		const start = magnitude.findIndex((byte) => byte !== 0);
		const trimmed = start < 0 ? new Uint8Array() : magnitude.subarray(start);
		if (trimmed.length > size) der.fail('ECDSA signature value longer than the curve');
		out.set(trimmed, (index + 1) * size - trimmed.length);
	});
	return out;
}

/** WebCrypto's BufferSource typing asks for ArrayBuffer-backed views; copy only when a view is shared. */
function bufferOf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
	return bytes.buffer instanceof ArrayBuffer
		? (bytes as Uint8Array<ArrayBuffer>)
		: new Uint8Array(bytes);
}
