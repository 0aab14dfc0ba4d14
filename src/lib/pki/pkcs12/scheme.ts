/** What the key bag's and the certificate bags' password-based encryption schemes provide. */
import type { Asn1, DerReader } from '../der.js';
import type { Derivations } from './derivations.js';

export interface Encrypted {
	/** The AlgorithmIdentifier, parameters included, that decrypts `ciphertext`. */
	algorithm: Asn1;
	ciphertext: Uint8Array;
}

export interface PasswordScheme {
	oid: string;
	encrypt(
		derivations: Derivations,
		password: string,
		plaintext: Uint8Array,
		iterations: number
	): Promise<Encrypted>;
	/** `parameters` is the AlgorithmIdentifier's parameters node, still to be checked. */
	decrypt(
		derivations: Derivations,
		der: DerReader,
		parameters: Asn1 | undefined,
		password: string,
		ciphertext: Uint8Array
	): Promise<Uint8Array>;
}
