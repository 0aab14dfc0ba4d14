/** What the key bag's and the certificate bags' password-based encryption schemes provide. */
import type { Asn1, DerReader } from '../der.ts';
import type { Derivations } from './derivations.ts';

export interface Encrypted {
	/** The AlgorithmIdentifier, parameters included, that decrypts `ciphertext`. */
	algorithm: Asn1;
	ciphertext: Uint8Array;
}

/** The salt and count a bag is encrypted with; the salt is drawn before, maybe long before. */
export interface Salted {
	salt: Uint8Array;
	iterations: number;
}

export interface PasswordScheme {
	oid: string;
	/** A fresh random salt of the length this scheme writes. */
	newSalt(): Uint8Array;
	/**
	 * Whether the key bag and the certificate bags may share one salt, and so one derived key:
	 * true where each encryption draws its own IV, false where the IV is derived from the salt.
	 */
	bagsShareSalt: boolean;
	/** Derives into `derivations` what encrypting under this salt will need. */
	prepare(
		derivations: Derivations,
		password: string,
		salt: Uint8Array,
		iterations: number
	): Promise<void>;
	encrypt(
		derivations: Derivations,
		password: string,
		plaintext: Uint8Array,
		salted: Salted
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
