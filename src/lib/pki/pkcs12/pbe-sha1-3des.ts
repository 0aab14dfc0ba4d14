/**
 * pbeWithSHAAnd3-KeyTripleDES-CBC (RFC 7292 appendix C): the PKCS#12 KDF with SHA-1 gives the
 * 3-key triple-DES key and IV. WebCrypto has no DES, so the cipher is des.js: the DES of
 * crypto-browserify, small (a few kilobytes), dependency-light and long stable; only CBC mode
 * with PKCS#5 padding is used.
 */
import * as asn1js from 'asn1js';
import { CBC, EDE } from 'des.js';
import { toArrayBuffer } from '../bytes.ts';
import { algorithmIdentifier, type Asn1, type DerReader } from '../der.ts';
import { OID } from '../oids.ts';
import { pkcs12Kdf } from './kdf.ts';
import type { Derivations } from './derivations.ts';
import type { PasswordScheme } from './scheme.ts';
import { MAX_ITERATIONS } from './profiles.ts';

const TripleDesCbc = CBC.instantiate(EDE);

/** The 3DES key and IV: raw bytes, since the cipher is JavaScript. */
function keyAndIv(
	derivations: Derivations,
	password: string,
	salt: Uint8Array,
	iterations: number
): Promise<[Uint8Array, Uint8Array]> {
	const derive = (purpose: 1 | 2, length: number) =>
		derivations.derive(['pkcs12-kdf', 'SHA-1', password, salt, iterations, purpose, length], () =>
			pkcs12Kdf({ hash: 'SHA-1', password, salt, iterations, purpose, length })
		);
	return Promise.all([derive(1, 24), derive(2, 8)]);
}

async function tripleDes(
	derivations: Derivations,
	type: 'encrypt' | 'decrypt',
	password: string,
	salt: Uint8Array,
	iterations: number,
	data: Uint8Array
): Promise<Uint8Array> {
	const [key, iv] = await keyAndIv(derivations, password, salt, iterations);
	const cipher = TripleDesCbc.create({ type, key, iv });
	return Uint8Array.from([...cipher.update(data), ...cipher.final()]);
}

const encrypt: PasswordScheme['encrypt'] = async (
	derivations,
	password,
	plaintext,
	{ salt, iterations }
) => {
	const parameters = new asn1js.Sequence({
		value: [
			new asn1js.OctetString({ valueHex: toArrayBuffer(salt) }),
			new asn1js.Integer({ value: iterations })
		]
	});
	return {
		algorithm: algorithmIdentifier(OID.pbeWithShaAnd3KeyTripleDesCbc, parameters),
		ciphertext: await tripleDes(derivations, 'encrypt', password, salt, iterations, plaintext)
	};
};

function decrypt(
	derivations: Derivations,
	der: DerReader,
	parameters: Asn1 | undefined,
	password: string,
	ciphertext: Uint8Array
): Promise<Uint8Array> {
	const [salt, iterations] = der.sequence(parameters, 2, 2);
	if (ciphertext.length === 0 || ciphertext.length % 8 !== 0)
		der.fail('3DES ciphertext is not whole blocks');
	return tripleDes(
		derivations,
		'decrypt',
		password,
		der.octets(salt),
		der.smallInteger(iterations, MAX_ITERATIONS),
		ciphertext
	);
}

export const PBE_SHA1_3DES: PasswordScheme = {
	oid: OID.pbeWithShaAnd3KeyTripleDesCbc,
	// Eight bytes, as OpenSSL writes: the legacy readers this profile exists for expect it.
	newSalt: () => crypto.getRandomValues(new Uint8Array(8)),
	// The IV comes from the salt: one salt would encrypt both bags under the same key and IV.
	bagsShareSalt: false,
	prepare: async (derivations, password, salt, iterations) => {
		await keyAndIv(derivations, password, salt, iterations);
	},
	encrypt,
	decrypt
};
