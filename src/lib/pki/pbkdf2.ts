/** PBKDF2 (RFC 8018 section 5.2) by WebCrypto, over the UTF-8 encoding of a password. */
import { toArrayBuffer } from './bytes.ts';

export function importPassword(password: string): Promise<CryptoKey> {
	return crypto.subtle.importKey(
		'raw',
		toArrayBuffer(new TextEncoder().encode(password)),
		'PBKDF2',
		false,
		['deriveKey']
	);
}

/**
 * PBKDF2 straight into a non-extractable AES key for `algorithm` (AES-GCM, AES-CBC), usable in
 * both directions: its bytes never reach JavaScript.
 */
export function pbkdf2Key(
	password: CryptoKey,
	salt: Uint8Array,
	iterations: number,
	hash: string,
	algorithm: AesKeyGenParams
): Promise<CryptoKey> {
	return crypto.subtle.deriveKey(
		{ name: 'PBKDF2', salt: toArrayBuffer(salt), iterations, hash },
		password,
		algorithm,
		false,
		['encrypt', 'decrypt']
	);
}
