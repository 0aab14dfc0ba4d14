/** The PKCS#12 integrity MAC (RFC 7292 section 5.1 and appendix B.4): HMAC under a PKCS#12-KDF key. */
import * as asn1js from 'asn1js';
import { equalBytes, toArrayBuffer } from '../bytes.ts';
import { algorithmIdentifier, type Asn1, type DerReader } from '../der.ts';
import { PkiError } from '../errors.ts';
import { OID } from '../oids.ts';
import type { Derivations } from './derivations.ts';
import { pkcs12Kdf, type Pkcs12Hash } from './kdf.ts';
import { MAX_ITERATIONS } from './profiles.ts';

const HASH_OIDS: Record<Pkcs12Hash, string> = { 'SHA-1': OID.sha1, 'SHA-256': OID.sha256 };
const HASH_LENGTH: Record<Pkcs12Hash, number> = { 'SHA-1': 20, 'SHA-256': 32 };

export function newMacSalt(hash: Pkcs12Hash): Uint8Array {
	return crypto.getRandomValues(new Uint8Array(hash === 'SHA-1' ? 8 : 16));
}

/** Appendix B.4: the MAC key, derived with ID 3 and as long as the hash output. */
export function deriveMacKey(
	derivations: Derivations,
	hash: Pkcs12Hash,
	password: string,
	salt: Uint8Array,
	iterations: number
): Promise<Uint8Array> {
	const length = HASH_LENGTH[hash];
	return derivations.derive(['pkcs12-kdf', hash, password, salt, iterations, 3, length], () =>
		pkcs12Kdf({ hash, password, salt, iterations, purpose: 3, length })
	);
}

async function hmac(
	derivations: Derivations,
	hash: Pkcs12Hash,
	password: string,
	salt: Uint8Array,
	iterations: number,
	data: Uint8Array
): Promise<Uint8Array> {
	const keyBytes = await deriveMacKey(derivations, hash, password, salt, iterations);
	const key = await crypto.subtle.importKey(
		'raw',
		toArrayBuffer(keyBytes),
		{ name: 'HMAC', hash },
		false,
		['sign']
	);
	return new Uint8Array(await crypto.subtle.sign('HMAC', key, toArrayBuffer(data)));
}

/** MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER }. */
export async function createMacData(
	derivations: Derivations,
	hash: Pkcs12Hash,
	password: string,
	salt: Uint8Array,
	iterations: number,
	authSafe: Uint8Array
): Promise<Asn1> {
	const digest = await hmac(derivations, hash, password, salt, iterations, authSafe);
	return new asn1js.Sequence({
		value: [
			new asn1js.Sequence({
				value: [
					algorithmIdentifier(HASH_OIDS[hash], null),
					new asn1js.OctetString({ valueHex: toArrayBuffer(digest) })
				]
			}),
			new asn1js.OctetString({ valueHex: toArrayBuffer(salt) }),
			new asn1js.Integer({ value: iterations })
		]
	});
}

export async function verifyMacData(
	derivations: Derivations,
	der: DerReader,
	macData: Asn1,
	password: string,
	authSafe: Uint8Array
): Promise<void> {
	const [digestInfo, saltNode, iterationsNode] = der.sequence(macData, 2, 3);
	const [algorithm, digestNode] = der.sequence(digestInfo, 2, 2);
	const oid = der.oid(der.sequence(algorithm, 1, 2)[0]);
	const hash = (Object.keys(HASH_OIDS) as Pkcs12Hash[]).find((name) => HASH_OIDS[name] === oid);
	if (!hash) throw new PkiError('pkcs12_unsupported', `MAC digest ${oid} is not supported`);
	// Section 5.1 (ASN.1 module): iterations DEFAULT 1.
	const iterations = iterationsNode ? der.smallInteger(iterationsNode, MAX_ITERATIONS) : 1;
	const expected = await hmac(
		derivations,
		hash,
		password,
		der.octets(saltNode),
		iterations,
		authSafe
	);
	if (!equalBytes(expected, der.octets(digestNode))) {
		throw new PkiError(
			'pkcs12_wrong_password',
			'the MAC does not verify: wrong password or damaged file'
		);
	}
}
