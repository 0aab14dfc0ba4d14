/**
 * How the CA's key signs: the WebCrypto parameters and the matching AlgorithmIdentifier (RFC 5758
 * section 3.2 for ECDSA, RFC 4055 for RSA), so a CA loaded from files with an RSA or P-256 key
 * signs correctly, not only the P-384 one made on first start.
 */
import * as asn1js from 'asn1js';
import { sequence, unsignedInteger } from './der.ts';

export interface Signer {
	/** DER AlgorithmIdentifier for the certificate's signature and signatureAlgorithm fields. */
	algorithmIdentifier: Uint8Array;
	/** The value that goes into the certificate's signature BIT STRING. */
	sign: (tbs: Uint8Array<ArrayBuffer>) => Promise<Uint8Array>;
}

const ECDSA: Record<string, { hash: string; oid: string; size: number }> = {
	'P-256': { hash: 'SHA-256', oid: '1.2.840.10045.4.3.2', size: 32 },
	'P-384': { hash: 'SHA-384', oid: '1.2.840.10045.4.3.3', size: 48 }
};
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

export function signerFor(key: CryptoKey): Signer {
	const algorithm = key.algorithm as Partial<EcKeyAlgorithm> & KeyAlgorithm;
	if (algorithm.name === 'ECDSA') {
		const curve = ECDSA[algorithm.namedCurve ?? ''];
		if (!curve) throw new Error(`unsupported CA curve ${algorithm.namedCurve}`);
		return {
			algorithmIdentifier: algorithmIdentifier(curve.oid, false),
			sign: async (tbs) =>
				ecdsaSignatureValue(
					new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: curve.hash }, key, tbs)),
					curve.size
				)
		};
	}
	if (algorithm.name === 'RSASSA-PKCS1-v1_5') {
		return {
			algorithmIdentifier: algorithmIdentifier(SHA256_WITH_RSA, true),
			sign: async (tbs) => new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, tbs))
		};
	}
	throw new Error(`unsupported CA key algorithm ${algorithm.name}`);
}

function algorithmIdentifier(oid: string, nullParameters: boolean): Uint8Array {
	const value: asn1js.AsnType[] = [new asn1js.ObjectIdentifier({ value: oid })];
	if (nullParameters) value.push(new asn1js.Null());
	return new Uint8Array(new asn1js.Sequence({ value }).toBER());
}

/** WebCrypto gives r || s (IEEE P1363); X.509 wants ECDSA-Sig-Value ::= SEQUENCE { r, s } (RFC 3279 2.2.3). */
function ecdsaSignatureValue(raw: Uint8Array, size: number): Uint8Array {
	return sequence(unsignedInteger(raw.subarray(0, size)), unsignedInteger(raw.subarray(size)));
}
