/**
 * The private key at rest (IndexedDB) between generation and download: AES-256-GCM under a key
 * derived from the certificate password with PBKDF2-HMAC-SHA-256 (RFC 8018 section 5.2).
 * 600,000 iterations is OWASP's 2023 floor for PBKDF2-HMAC-SHA-256.
 *
 * Format, version 1 (all integers big-endian):
 *   version (1 byte) | iterations (4) | salt length (1) | salt | IV length (1) | IV | GCM output
 * Everything before the GCM output is authenticated as additional data, so a changed header
 * fails like a wrong password instead of quietly deriving another key.
 */
import { concatBytes, toArrayBuffer } from './bytes.ts';
import { PkiError } from './errors.ts';
import { importPassword, pbkdf2Key } from './pbkdf2.ts';

export const KEY_WRAP_VERSION = 1;
export const KEY_WRAP_MIN_ITERATIONS = 600_000;
/** Above this a stored blob is treated as hostile: unwrapping would hang the tab. */
const MAX_ITERATIONS = 10_000_000;
const SALT_BYTES = 16;
/** NIST SP 800-38D section 8.2: 96-bit IVs. */
const IV_BYTES = 12;
const TAG_BYTES = 16;

async function deriveKey(
	password: string,
	salt: Uint8Array,
	iterations: number
): Promise<CryptoKey> {
	const algorithm = { name: 'AES-GCM', length: 256 };
	return pbkdf2Key(await importPassword(password), salt, iterations, 'SHA-256', algorithm);
}

/**
 * The wrapping key derived ahead, as soon as the certificate password is chosen: at Create only
 * the AES-GCM encryption is left. Its salt is drawn now and written into the blob then.
 */
export interface PreparedKeyWrap {
	password: string;
	iterations: number;
	salt: Uint8Array;
	/** Null when the derivation failed: the wrap then derives its key itself. */
	key: Promise<CryptoKey | null>;
}

export function prepareKeyWrap(password: string): PreparedKeyWrap {
	const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
	const iterations = KEY_WRAP_MIN_ITERATIONS;
	const key = deriveKey(password, salt, iterations).catch(() => null);
	return { password, iterations, salt, key };
}

function header(iterations: number, salt: Uint8Array, iv: Uint8Array): Uint8Array {
	const fixed = new Uint8Array(5);
	fixed[0] = KEY_WRAP_VERSION;
	new DataView(fixed.buffer).setUint32(1, iterations);
	return concatBytes(fixed, Uint8Array.of(salt.length), salt, Uint8Array.of(iv.length), iv);
}

/** `prepared` is used when it was derived from this password; else the key is derived now. */
export async function wrapPrivateKey(
	pkcs8: Uint8Array,
	password: string,
	options: { iterations?: number; prepared?: PreparedKeyWrap } = {}
): Promise<Uint8Array> {
	const { prepared } = options;
	const preparedKey =
		prepared?.password === password && options.iterations === undefined ? await prepared.key : null;
	if (prepared && preparedKey) return seal(pkcs8, prepared.iterations, prepared.salt, preparedKey);
	const iterations = options.iterations ?? KEY_WRAP_MIN_ITERATIONS;
	if (
		!Number.isInteger(iterations) ||
		iterations < KEY_WRAP_MIN_ITERATIONS ||
		iterations > MAX_ITERATIONS
	) {
		throw new RangeError(`iterations must be ${KEY_WRAP_MIN_ITERATIONS} to ${MAX_ITERATIONS}`);
	}
	const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
	return seal(pkcs8, iterations, salt, await deriveKey(password, salt, iterations));
}

async function seal(
	pkcs8: Uint8Array,
	iterations: number,
	salt: Uint8Array,
	key: CryptoKey
): Promise<Uint8Array> {
	const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
	const aad = header(iterations, salt, iv);
	const sealed = await crypto.subtle.encrypt(
		{ name: 'AES-GCM', iv: toArrayBuffer(iv), additionalData: toArrayBuffer(aad) },
		key,
		toArrayBuffer(pkcs8)
	);
	return concatBytes(aad, new Uint8Array(sealed));
}

function parse(wrapped: Uint8Array): {
	iterations: number;
	salt: Uint8Array;
	iv: Uint8Array;
	aad: Uint8Array;
	sealed: Uint8Array;
} {
	const malformed = (reason: string): never => {
		throw new PkiError('key_wrap_malformed', `wrapped key: ${reason}`);
	};
	if (!(wrapped instanceof Uint8Array) || wrapped.length < 6) malformed('too short');
	if (wrapped[0] !== KEY_WRAP_VERSION) malformed(`unknown version ${wrapped[0]}`);
	const iterations = new DataView(wrapped.buffer, wrapped.byteOffset, wrapped.byteLength).getUint32(
		1
	);
	if (iterations < KEY_WRAP_MIN_ITERATIONS || iterations > MAX_ITERATIONS)
		malformed(`iteration count ${iterations}`);
	const saltLength = wrapped[5] ?? 0;
	const ivOffset = 6 + saltLength;
	const ivLength = wrapped[ivOffset] ?? 0;
	const sealedOffset = ivOffset + 1 + ivLength;
	if (saltLength < SALT_BYTES || ivLength !== IV_BYTES) malformed('salt or IV length');
	if (wrapped.length < sealedOffset + TAG_BYTES + 1) malformed('truncated');
	return {
		iterations,
		salt: wrapped.subarray(6, ivOffset),
		iv: wrapped.subarray(ivOffset + 1, sealedOffset),
		aad: wrapped.subarray(0, sealedOffset),
		sealed: wrapped.subarray(sealedOffset)
	};
}

/** A wrong password and a tampered blob look the same to GCM; both are a wrong password here. */
export async function unwrapPrivateKey(wrapped: Uint8Array, password: string): Promise<Uint8Array> {
	const { iterations, salt, iv, aad, sealed } = parse(wrapped);
	const key = await deriveKey(password, salt, iterations);
	try {
		return new Uint8Array(
			await crypto.subtle.decrypt(
				{ name: 'AES-GCM', iv: toArrayBuffer(iv), additionalData: toArrayBuffer(aad) },
				key,
				toArrayBuffer(sealed)
			)
		);
	} catch (error) {
		throw new PkiError('key_unwrap_wrong_password', 'the password does not unwrap this key', {
			cause: error
		});
	}
}
