import type { CertificatePasswordPolicy } from '../api/types.ts';
import { meetsPolicy, meetsTargetLimits } from './password-policy.ts';
import { USE_TARGET_IDS } from './use-target.ts';

/** Letters and digits without the look-alikes 0/O/o, 1/l/I: the passphrase is meant to be written down. */
export const PASSPHRASE_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const GROUP_LENGTH = 5;
/** Between the groups where the policy allows a symbol; it also counts as the symbol class. */
const SEPARATOR = '-';
/** Four groups of five: 20 random characters, 116 bits. */
const PREFERRED_RANDOM_CHARACTERS = 20;
const SHORTEST = 20;
/** gcr and gpgsm refuse 32 characters or more (use-target.ts). */
const LONGEST = 31;

/** Fills a byte array with cryptographically strong random values, as crypto.getRandomValues does. */
export type RandomBytes = (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;

const browserRandom: RandomBytes = (bytes) => crypto.getRandomValues(bytes);

/**
 * A passphrase for the certificate password: groups of five letters and digits, 20 to 31 printable
 * ASCII characters, at least 17 of them random (98 bits). It meets the order's policy and the
 * limits of every target, so it opens wherever the file goes. Null when the policy leaves no
 * room for one (a maximum under 20 or a minimum over 31 characters, or four character classes
 * without symbols).
 */
export function generatePassphrase(
	policy: CertificatePasswordPolicy,
	random: RandomBytes = browserRandom
): string | null {
	const separator = separatorFor(policy);
	const length = passphraseLength(policy, separator);
	if (length === null) return null;
	for (;;) {
		const passphrase = randomPassphrase(length, separator, random);
		if (acceptable(passphrase, policy)) return passphrase;
	}
}

export function canSuggestPassphrase(policy: CertificatePasswordPolicy): boolean {
	return passphraseLength(policy, separatorFor(policy)) !== null;
}

/** The passphrase's strength in bits: its random characters, not counting the fixed separators. */
export function passphraseBits(passphrase: string): number {
	const randomCharacters = passphrase.replaceAll(SEPARATOR, '').length;
	return randomCharacters * Math.log2(PASSPHRASE_ALPHABET.length);
}

function separatorFor(policy: CertificatePasswordPolicy): string {
	return policy.lettersAndDigitsOnly ? '' : SEPARATOR;
}

function passphraseLength(policy: CertificatePasswordPolicy, separator: string): number | null {
	const separators = separator ? Math.ceil(PREFERRED_RANDOM_CHARACTERS / GROUP_LENGTH) - 1 : 0;
	const shortest = Math.max(SHORTEST, policy.minLength);
	const longest = Math.min(LONGEST, policy.maxLength);
	const classesReachable = separator !== '' || policy.requiredCharacterClasses <= 3;
	if (shortest > longest || !classesReachable) return null;
	return Math.min(longest, Math.max(shortest, PREFERRED_RANDOM_CHARACTERS + separators));
}

function randomPassphrase(length: number, separator: string, random: RandomBytes): string {
	let passphrase = '';
	while (passphrase.length < length) {
		const groupEnds = (passphrase.length + 1) % (GROUP_LENGTH + 1) === 0;
		const lastCharacter = passphrase.length === length - 1;
		passphrase += separator && groupEnds && !lastCharacter ? separator : randomCharacter(random);
	}
	return passphrase;
}

function acceptable(passphrase: string, policy: CertificatePasswordPolicy): boolean {
	return (
		meetsPolicy(passphrase, policy) &&
		USE_TARGET_IDS.every((target) => meetsTargetLimits(passphrase, policy, target))
	);
}

/** Rejection sampling: bytes from the largest multiple of the alphabet's size up would bias it. */
function randomCharacter(random: RandomBytes): string {
	const size = PASSPHRASE_ALPHABET.length;
	const limit = 256 - (256 % size);
	for (;;) {
		const byte = random(new Uint8Array(1))[0] ?? limit;
		if (byte < limit) return PASSPHRASE_ALPHABET.charAt(byte % size);
	}
}
