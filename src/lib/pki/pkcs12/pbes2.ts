/**
 * PBES2 (RFC 8018 section 6.2) with PBKDF2 and AES-CBC, done by WebCrypto. Inside PKCS#12 the
 * PBES2 password is the UTF-8 encoding of the text (RFC 9579 section 5 records what OpenSSL,
 * NSS and Java do), unlike the BMPString of the PKCS#12 KDF.
 */
import * as asn1js from 'asn1js';
import { toArrayBuffer } from '../bytes.ts';
import { algorithmIdentifier, type Asn1, type DerReader } from '../der.ts';
import { OID } from '../oids.ts';
import { pbkdf2Key } from '../pbkdf2.ts';
import type { Derivations } from './derivations.ts';
import type { PasswordScheme } from './scheme.ts';
import { MAX_ITERATIONS } from './profiles.ts';

/** Appendix B.1.2 PRFs this library reads; it writes hmacWithSHA256. */
const PRFS: Record<string, string> = {
	'1.2.840.113549.2.7': 'SHA-1',
	[OID.hmacWithSha256]: 'SHA-256',
	'1.2.840.113549.2.10': 'SHA-384',
	'1.2.840.113549.2.11': 'SHA-512'
};

/** Appendix B.2.5 (NIST AES-CBC-Pad) key lengths in bytes; this library writes AES-256. */
const AES_CBC: Record<string, number> = {
	'2.16.840.1.101.3.4.1.2': 16,
	'2.16.840.1.101.3.4.1.22': 24,
	[OID.aes256Cbc]: 32
};

/** Non-extractable, for both directions: the build encrypts with it and its self-check decrypts. */
function deriveAesKey(
	derivations: Derivations,
	password: string,
	salt: Uint8Array,
	iterations: number,
	hash: string,
	keyBytes: number
): Promise<CryptoKey> {
	return derivations.derive(['pbkdf2', password, salt, iterations, hash, keyBytes], async () =>
		pbkdf2Key(await derivations.passwordKey(password), salt, iterations, hash, {
			name: 'AES-CBC',
			length: keyBytes * 8
		})
	);
}

const prepare: PasswordScheme['prepare'] = async (derivations, password, salt, iterations) => {
	await deriveAesKey(derivations, password, salt, iterations, 'SHA-256', 32);
};

/**
 * Writes the parameters as OpenSSL does: salt as a specified OCTET STRING, no keyLength (it is
 * implied by the cipher, and section A.2 makes it optional), the PRF with NULL parameters, and
 * the IV as the OCTET STRING parameters of aes256-CBC.
 */
const encrypt: PasswordScheme['encrypt'] = async (
	derivations,
	password,
	plaintext,
	{ salt, iterations }
) => {
	const iv = crypto.getRandomValues(new Uint8Array(16));
	const key = await deriveAesKey(derivations, password, salt, iterations, 'SHA-256', 32);
	const ciphertext = new Uint8Array(
		await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, key, toArrayBuffer(plaintext))
	);
	const kdf = algorithmIdentifier(
		OID.pbkdf2,
		new asn1js.Sequence({
			value: [
				new asn1js.OctetString({ valueHex: toArrayBuffer(salt) }),
				new asn1js.Integer({ value: iterations }),
				algorithmIdentifier(OID.hmacWithSha256, null)
			]
		})
	);
	const scheme = algorithmIdentifier(
		OID.aes256Cbc,
		new asn1js.OctetString({ valueHex: toArrayBuffer(iv) })
	);
	return {
		algorithm: algorithmIdentifier(OID.pbes2, new asn1js.Sequence({ value: [kdf, scheme] })),
		ciphertext
	};
};

/** A wrong password fails the padding check of the decryption. */
async function decrypt(
	derivations: Derivations,
	der: DerReader,
	parameters: Asn1 | undefined,
	password: string,
	ciphertext: Uint8Array
): Promise<Uint8Array> {
	const [kdf, scheme] = der.sequence(parameters, 2, 2);
	const [kdfOid, kdfParams] = der.sequence(kdf, 2, 2);
	if (der.oid(kdfOid) !== OID.pbkdf2) der.fail('PBES2 key derivation is not PBKDF2');
	const fields = der.sequence(kdfParams, 2, 4);
	const salt = der.octets(fields[0]);
	const iterations = der.smallInteger(fields[1], MAX_ITERATIONS);
	let hash = 'SHA-1';
	let keyLength: number | undefined;
	for (const field of fields.slice(2)) {
		if (field instanceof asn1js.Integer) keyLength = der.smallInteger(field, 64);
		else {
			const [prfOid] = der.sequence(field, 1, 2);
			hash = PRFS[der.oid(prfOid)] ?? der.fail(`unsupported PBKDF2 PRF ${der.oid(prfOid)}`);
		}
	}
	const [cipherOid, ivNode] = der.sequence(scheme, 2, 2);
	const keyBytes =
		AES_CBC[der.oid(cipherOid)] ?? der.fail(`unsupported PBES2 cipher ${der.oid(cipherOid)}`);
	if (keyLength !== undefined && keyLength !== keyBytes)
		der.fail('PBKDF2 keyLength does not fit the cipher');
	const iv = der.octets(ivNode);
	if (iv.length !== 16) der.fail('AES-CBC IV is not 16 bytes');
	const key = await deriveAesKey(derivations, password, salt, iterations, hash, keyBytes);
	return new Uint8Array(
		await crypto.subtle.decrypt(
			{ name: 'AES-CBC', iv: toArrayBuffer(iv) },
			key,
			toArrayBuffer(ciphertext)
		)
	);
}

export const PBES2: PasswordScheme = {
	oid: OID.pbes2,
	newSalt: () => crypto.getRandomValues(new Uint8Array(16)),
	// Each encryption draws a random IV, so two bags under one AES key are ordinary use of that
	// key, and a password guess still costs one PBKDF2. OpenSSL draws a salt per bag and so derives
	// twice; one salt saves a whole derivation (200,000 iterations in the modern profile).
	bagsShareSalt: true,
	prepare,
	encrypt,
	decrypt
};
