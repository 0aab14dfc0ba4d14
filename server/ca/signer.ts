/**
 * How the CA's key signs: the hash and the matching AlgorithmIdentifier (RFC 5758 section 3.2 for
 * ECDSA, RFC 4055 for RSA), so a CA loaded from files with an RSA, P-256 or P-384 key signs
 * correctly. Signing goes through node:crypto rather than WebCrypto: it writes the ECDSA-Sig-Value
 * X.509 wants (RFC 3279 section 2.2.3) directly and runs at once, where WebCrypto answers r || s
 * through a thread-pool job, which costs more CPU than a P-256 signature itself.
 */
import * as asn1js from 'asn1js';
import { KeyObject, sign } from 'node:crypto';

export interface Signer {
	/** DER AlgorithmIdentifier for the certificate's signature and signatureAlgorithm fields. */
	algorithmIdentifier: Uint8Array;
	/** The value that goes into the certificate's signature BIT STRING. */
	sign: (tbs: Uint8Array) => Uint8Array;
	/** The digest `sign` uses, to check a signature with the certificate's public key. */
	hash: string;
}

const ECDSA: Record<string, { hash: string; oid: string }> = {
	'P-256': { hash: 'sha256', oid: '1.2.840.10045.4.3.2' },
	'P-384': { hash: 'sha384', oid: '1.2.840.10045.4.3.3' }
};
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

export function signerFor(key: CryptoKey): Signer {
	const algorithm = key.algorithm as Partial<EcKeyAlgorithm> & KeyAlgorithm;
	const privateKey = KeyObject.from(key);
	if (algorithm.name === 'ECDSA') {
		const curve = ECDSA[algorithm.namedCurve ?? ''];
		if (!curve) throw new Error(`unsupported CA curve ${algorithm.namedCurve}`);
		return {
			algorithmIdentifier: algorithmIdentifier(curve.oid, false),
			hash: curve.hash,
			sign: (tbs) => sign(curve.hash, tbs, { key: privateKey, dsaEncoding: 'der' })
		};
	}
	if (algorithm.name === 'RSASSA-PKCS1-v1_5') {
		return {
			algorithmIdentifier: algorithmIdentifier(SHA256_WITH_RSA, true),
			hash: 'sha256',
			sign: (tbs) => sign('sha256', tbs, privateKey)
		};
	}
	throw new Error(`unsupported CA key algorithm ${algorithm.name}`);
}

function algorithmIdentifier(oid: string, nullParameters: boolean): Uint8Array {
	const value: asn1js.AsnType[] = [new asn1js.ObjectIdentifier({ value: oid })];
	if (nullParameters) value.push(new asn1js.Null());
	return new Uint8Array(new asn1js.Sequence({ value }).toBER());
}
