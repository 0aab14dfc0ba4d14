/**
 * Secrets the server hands out or checks. High-entropy secrets (link secrets, session tokens) are
 * stored as SHA-256: guessing 2^128 inputs is hopeless, so a slow hash would only cost CPU. The
 * pickup password is chosen by a person, so it gets a memory-hard hash (scrypt) whose parameters
 * are stored with it and can be raised later without invalidating existing orders.
 */
import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import type { ScryptParams } from './config.ts';

const SALT_BYTES = 16;
const HASH_BYTES = 32;

/** A URL-safe random secret of `bytes` random bytes (16 bytes = 128 bits). */
export function randomSecret(bytes: number): string {
	return randomBytes(bytes).toString('base64url');
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * An order id: 16 letters and digits (95 bits). Ids appear in URLs, e-mails and operator commands,
 * where one starting with '-' would read as a command-line option.
 */
export function randomOrderId(): string {
	return Array.from({ length: 16 }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join('');
}

export function sha256(input: string | Uint8Array): Buffer {
	return createHash('sha256').update(input).digest();
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && timingSafeEqual(a, b);
}

/** Encoded as `scrypt$<log2N>$<r>$<p>$<salt b64>$<hash b64>`. */
export async function hashPickupPassword(password: string, params: ScryptParams): Promise<string> {
	const salt = randomBytes(SALT_BYTES);
	const hash = await derive(password, salt, params);
	return [
		'scrypt',
		params.log2N,
		params.r,
		params.p,
		salt.toString('base64'),
		hash.toString('base64')
	].join('$');
}

export async function verifyPickupPassword(password: string, encoded: string): Promise<boolean> {
	const [scheme, log2N, r, p, salt, hash] = encoded.split('$');
	if (scheme !== 'scrypt' || !salt || !hash) throw new Error('unsupported pickup password hash');
	const expected = Buffer.from(hash, 'base64');
	const actual = await derive(password, Buffer.from(salt, 'base64'), {
		log2N: Number(log2N),
		r: Number(r),
		p: Number(p)
	});
	return sameBytes(actual, expected);
}

function derive(password: string, salt: Buffer, { log2N, r, p }: ScryptParams): Promise<Buffer> {
	const N = 2 ** log2N;
	// Node refuses scrypt above 32 MiB by default; allow exactly what these parameters need.
	const maxmem = 128 * N * r * p + 1024 * 1024;
	return new Promise((resolve, reject) => {
		scrypt(password.normalize('NFC'), salt, HASH_BYTES, { N, r, p, maxmem }, (error, key) =>
			error ? reject(error) : resolve(key)
		);
	});
}

// No 0/O, 1/l/I: the password is read off a letter or screen and typed.
const PICKUP_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** Four groups of four characters: 80 bits, easy to read out and type. */
export function generatePickupPassword(): string {
	const groups = Array.from({ length: 4 }, () =>
		Array.from({ length: 4 }, () => PICKUP_ALPHABET[randomInt(PICKUP_ALPHABET.length)]).join('')
	);
	return groups.join('-');
}
