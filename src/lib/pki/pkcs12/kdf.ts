/**
 * The PKCS#12 key derivation function (RFC 7292 appendix B.2), used for the MAC key in both
 * profiles and for the legacy profile's 3DES key and IV.
 *
 * It hashes in JavaScript: the function hashes its own short output hundreds of thousands of
 * times, and one awaited WebCrypto digest per iteration (what pkijs does) costs a task switch
 * each, far more than the hashing itself. See iterated-hash.ts for the inner loop.
 */
import { concatBytes, toArrayBuffer } from '../bytes.ts';
import { nextTask } from '../next-task.ts';
import { iterateHash } from './iterated-hash.ts';

export type Pkcs12Hash = 'SHA-1' | 'SHA-256';

/** Appendix B.3: 1 derives key material, 2 an IV, 3 a MAC key. */
export type Pkcs12KdfPurpose = 1 | 2 | 3;

/** u and v of appendix B.2: the digest's and the hash block's length in bytes. */
const HASHES: Record<Pkcs12Hash, { u: number; v: number }> = {
	'SHA-1': { u: 20, v: 64 },
	'SHA-256': { u: 32, v: 64 }
};

// The first hash of each block takes the whole input (D || I, 128 bytes and more), which the
// unrolled one-block hash does not: WebCrypto does it, once per block.
async function digest(hash: Pkcs12Hash, data: Uint8Array): Promise<Uint8Array> {
	return new Uint8Array(await crypto.subtle.digest(hash, toArrayBuffer(data)));
}

/**
 * Appendix B.1: the password is a BMPString (UTF-16 big-endian) with a two-byte zero terminator.
 * Characters outside the BMP are written as their surrogate pairs, as OpenSSL and Java do.
 */
export function bmpPassword(password: string): Uint8Array {
	const out = new Uint8Array(password.length * 2 + 2);
	for (let i = 0; i < password.length; i++) {
		const unit = password.charCodeAt(i);
		out[2 * i] = unit >> 8;
		out[2 * i + 1] = unit & 0xff;
	}
	return out;
}

function repeatToMultiple(data: Uint8Array, v: number): Uint8Array {
	const out = new Uint8Array(v * Math.ceil(data.length / v));
	for (let i = 0; i < out.length; i++) out[i] = data[i % data.length] ?? 0;
	return out;
}

export interface Pkcs12KdfParams {
	hash: Pkcs12Hash;
	password: string;
	salt: Uint8Array;
	iterations: number;
	purpose: Pkcs12KdfPurpose;
	length: number;
}

// The thread is given back after about this long of hashing. Counted in time, not iterations:
// the first iterations run before the JIT has optimized the unrolled hash, several times slower
// (a first slice of 20,000 SHA-256 iterations took 100 ms in the worker, the next ones 5 to 10).
const SLICE_MILLISECONDS = 5;
// Hashed between two looks at the clock: well under a millisecond, even unoptimized.
const ITERATIONS_PER_LOOK = 500;

// Enough single iterations for V8 to queue the unrolled hash for optimization, in tasks of a few
// milliseconds each even unoptimized.
const WARM_UP_ITERATIONS = 2000;
const WARM_UP_ITERATIONS_PER_TASK = 250;

/**
 * Runs the iterated hash briefly and throws the result away, so that a key derived later finds it
 * optimized. Cold, the first 20,000 SHA-256 iterations took 84 to 152 ms in a Chromium worker,
 * unoptimized until the engine's compile of the hash was done, and a 200,000-iteration MAC key
 * 146 to 330 ms; warmed this way some time before (about 30 ms of work), 53 to 89 ms.
 */
export async function warmPkcs12Kdf(hash: Pkcs12Hash): Promise<void> {
	let hashed: Uint8Array = new Uint8Array(HASHES[hash].u);
	for (let done = 0; done < WARM_UP_ITERATIONS; done++) {
		hashed = iterateHash(hash, hashed, 1);
		if ((done + 1) % WARM_UP_ITERATIONS_PER_TASK === 0) await nextTask();
	}
}

/**
 * The derivation gives the thread back between slices of iterations, so the crypto worker takes
 * a call (key generation at "Create") while a key derived ahead of it is still being hashed:
 * whole, a SHA-256 MAC key held the worker for 90 ms and more.
 */
export async function pkcs12Kdf(params: Pkcs12KdfParams): Promise<Uint8Array> {
	const { u, v } = HASHES[params.hash];
	const diversifier = new Uint8Array(v).fill(params.purpose);
	const input = concatBytes(
		repeatToMultiple(params.salt, v),
		repeatToMultiple(bmpPassword(params.password), v)
	);
	const out = new Uint8Array(Math.ceil(params.length / u) * u);
	for (let block = 0; block * u < params.length; block++) {
		let a = await digest(params.hash, concatBytes(diversifier, input));
		for (let left = params.iterations - 1; left > 0; await nextTask()) {
			const sliceEnd = performance.now() + SLICE_MILLISECONDS;
			do {
				const count = Math.min(left, ITERATIONS_PER_LOOK);
				a = iterateHash(params.hash, a, count);
				left -= count;
			} while (left > 0 && performance.now() < sliceEnd);
		}
		out.set(a, block * u);
		// Step 6C: I_j = (I_j + B + 1) mod 2^(8v) for each v-byte block of I, B being A repeated.
		const b = repeatToMultiple(a, v);
		for (let j = 0; j < input.length; j += v) {
			let carry = 1;
			for (let k = v - 1; k >= 0; k--) {
				const sum = (input[j + k] ?? 0) + (b[k] ?? 0) + carry;
				input[j + k] = sum & 0xff;
				carry = sum >> 8;
			}
		}
	}
	return out.subarray(0, params.length);
}
