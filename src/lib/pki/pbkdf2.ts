/** PBKDF2 (RFC 8018 section 5.2) by WebCrypto, over the UTF-8 encoding of a password. */
import { toArrayBuffer } from './bytes.js';

export function importPassword(password: string): Promise<CryptoKey> {
	return crypto.subtle.importKey(
		'raw',
		toArrayBuffer(new TextEncoder().encode(password)),
		'PBKDF2',
		false,
		['deriveBits']
	);
}

export async function pbkdf2(
	password: CryptoKey,
	salt: Uint8Array,
	iterations: number,
	hash: string,
	bytes: number
): Promise<Uint8Array> {
	const bits = await crypto.subtle.deriveBits(
		{ name: 'PBKDF2', salt: toArrayBuffer(salt), iterations, hash },
		password,
		bytes * 8
	);
	return new Uint8Array(bits);
}

/** A raw AES key for one use; `name` is the WebCrypto mode (AES-CBC, AES-GCM). */
export function importAesKey(raw: Uint8Array, name: string, usage: KeyUsage): Promise<CryptoKey> {
	return crypto.subtle.importKey('raw', toArrayBuffer(raw), name, false, [usage]);
}
