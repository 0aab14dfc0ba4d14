/**
 * The parameters of an RSASSA-PSS signature (RFC 4055 section 3.1, RFC 8017 appendix A.2.3), as
 * a signature's AlgorithmIdentifier carries them. Some HSMs make no other RSA signature.
 */
import * as asn1js from 'asn1js';
import { DerReader, type Asn1 } from './der.ts';
import { OID } from './oids.ts';

/** RFC 4055 section 2.1 hashes, by their WebCrypto names (SHA-224 has none there). */
const HASHES: Record<string, string> = {
	[OID.sha1]: 'SHA-1',
	'2.16.840.1.101.3.4.2.4': 'SHA-224',
	[OID.sha256]: 'SHA-256',
	[OID.sha384]: 'SHA-384',
	[OID.sha512]: 'SHA-512'
};

/**
 * The salt must fit in the encoded message, which is no longer than the modulus (RFC 8017
 * section 9.1.1): 2048 octets for a 16384-bit key, the largest browsers import.
 */
const MAX_SALT_LENGTH = 2048;

/** RFC 4055 section 3.1: trailerFieldBC, the only trailer RSASSA-PSS defines. */
const TRAILER_FIELD_BC = 1;

export interface RsassaPssParams {
	/** The hash's WebCrypto name ('SHA-256'), or its OID when it has none. */
	hash: string;
	/** 'MGF1', or the OID of another mask generation function. */
	maskFunction: string;
	/** MGF1's hash, as `hash` names it; '' for another function. */
	maskHash: string;
	saltLength: number;
}

/**
 * RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] DEFAULT sha1, maskGenAlgorithm [1] DEFAULT
 * mgf1SHA1, saltLength [2] INTEGER DEFAULT 20, trailerField [3] INTEGER DEFAULT 1 }, tags
 * EXPLICIT. `encoded` is the parameters' DER, or undefined when the AlgorithmIdentifier has none:
 * with a signature value they MUST be present (section 3.1).
 */
export function readRsassaPssParams(encoded: Uint8Array | undefined): RsassaPssParams {
	const der: DerReader = new DerReader('csr_malformed', 'RSASSA-PSS parameters');
	if (!encoded) der.fail('absent, but a signature must carry them');
	const fields: (Asn1 | undefined)[] = [];
	let next = 0;
	for (const field of der.sequence(der.parseDer(encoded), 0, 4)) {
		const tag = [0, 1, 2, 3].find((number) => number >= next && der.isContext(field, number));
		if (tag === undefined) der.fail('a field out of order or unknown');
		fields[tag] = der.explicit(field, tag);
		next = tag + 1;
	}
	const [hashField, maskField, saltField, trailerField] = fields;
	if (trailerField && der.smallInteger(trailerField, 255) !== TRAILER_FIELD_BC)
		der.fail('trailerField is not 1 (trailerFieldBC)');
	return {
		hash: hashField ? hashName(der, hashField) : 'SHA-1',
		...(maskField ? maskGeneration(der, maskField) : { maskFunction: 'MGF1', maskHash: 'SHA-1' }),
		saltLength: saltField ? der.smallInteger(saltField, MAX_SALT_LENGTH) : 20
	};
}

/** MaskGenAlgorithm: id-mgf1 with a HashAlgorithm as its parameters (RFC 4055 section 2.2). */
function maskGeneration(
	der: DerReader,
	algorithm: Asn1
): Pick<RsassaPssParams, 'maskFunction' | 'maskHash'> {
	const [oid, parameters] = der.sequence(algorithm, 1, 2);
	const maskFunction = der.oid(oid);
	if (maskFunction !== OID.mgf1) return { maskFunction, maskHash: '' };
	return { maskFunction: 'MGF1', maskHash: hashName(der, parameters) };
}

/** HashAlgorithm: parameters absent or NULL, both of which MUST be accepted (RFC 4055 section 2.1). */
function hashName(der: DerReader, algorithm: Asn1 | undefined): string {
	const [oid, parameters] = der.sequence(algorithm, 1, 2);
	if (parameters && !(parameters instanceof asn1js.Null))
		der.fail('hash parameters other than NULL');
	const hash = der.oid(oid);
	return HASHES[hash] ?? hash;
}
