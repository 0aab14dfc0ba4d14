/** Password-based encryption of the key bag and the certificate bags, either profile. */
import type { Asn1, DerReader } from '../der.ts';
import { asPkiError, PkiError } from '../errors.ts';
import type { Derivations } from './derivations.ts';
import { PBE_SHA1_3DES } from './pbe-sha1-3des.ts';
import { PBES2 } from './pbes2.ts';
import type { Pkcs12ProfileSpec } from './profiles.ts';
import type { Encrypted, PasswordScheme, Salted } from './scheme.ts';

const SCHEMES: Record<Pkcs12ProfileSpec['encryption'], PasswordScheme> = {
	'pbes2-aes-256-cbc': PBES2,
	'pbe-sha1-3des': PBE_SHA1_3DES
};

export function schemeOf(profile: Pkcs12ProfileSpec): PasswordScheme {
	return SCHEMES[profile.encryption];
}

export function encryptWithPassword(
	derivations: Derivations,
	profile: Pkcs12ProfileSpec,
	password: string,
	plaintext: Uint8Array,
	salt: Uint8Array
): Promise<Encrypted> {
	const salted: Salted = { salt, iterations: profile.encryptionIterations };
	return schemeOf(profile).encrypt(derivations, password, plaintext, salted);
}

/**
 * Decrypts under the AlgorithmIdentifier node. Without a MAC to tell a wrong password apart, a
 * padding failure is the only sign of one, so it is reported as a wrong password.
 */
export function decryptWithPassword(
	derivations: Derivations,
	der: DerReader,
	algorithm: Asn1 | undefined,
	password: string,
	ciphertext: Uint8Array
): Promise<Uint8Array> {
	const [oidNode, parameters] = der.sequence(algorithm, 1, 2);
	const oid = der.oid(oidNode);
	const scheme = Object.values(SCHEMES).find((candidate) => candidate.oid === oid);
	if (!scheme) throw new PkiError('pkcs12_unsupported', `encryption ${oid} is not supported`);
	return asPkiError('pkcs12_wrong_password', 'decryption failed: wrong password', () =>
		scheme.decrypt(derivations, der, parameters, password, ciphertext)
	);
}
