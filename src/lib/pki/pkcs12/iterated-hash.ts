/**
 * H^n(x) for a SHA-1 or SHA-256 digest x: the inner loop of the PKCS#12 KDF (RFC 7292
 * appendix B.2 step 6A), which hashes its own 20- or 32-byte output again and again.
 *
 * Such an input always fits one padded block (FIPS 180-4 section 5.1.1) whose padding never
 * changes, so each iteration is a single compression over a preallocated schedule with no
 * allocation or byte conversion; a general-purpose hash object spends most of its time on those.
 * Checked against @noble/hashes in tests/unit/pki/iterated-hash.test.ts.
 */

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));

type Eight = [number, number, number, number, number, number, number, number];

function readWords(bytes: Uint8Array, count: number): number[] {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	return Array.from({ length: count }, (_, i) => view.getInt32(i * 4));
}

function writeWords(words: Int32Array): Uint8Array {
	const out = new Uint8Array(words.length * 4);
	const view = new DataView(out.buffer);
	words.forEach((word, i) => view.setInt32(i * 4, word));
	return out;
}

/** FIPS 180-4 section 4.2.2. */
const K256 = Int32Array.from([
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
]);
/** FIPS 180-4 section 5.3.3. */
const IV256 = Int32Array.from([
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
]);

function iterateSha256(digest: Uint8Array, times: number): Uint8Array {
	const h = Int32Array.from(readWords(digest, 8));
	const w = new Int32Array(64);
	w[8] = 0x80000000 | 0;
	w[15] = 256;
	const [i0, i1, i2, i3, i4, i5, i6, i7] = IV256 as unknown as Eight;
	for (let n = 0; n < times; n++) {
		w.set(h);
		for (let i = 16; i < 64; i++) {
			const x = w[i - 15]!;
			const y = w[i - 2]!;
			const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
			const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
			w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
		}
		let a = i0;
		let b = i1;
		let c = i2;
		let d = i3;
		let e = i4;
		let f = i5;
		let g = i6;
		let hh = i7;
		for (let i = 0; i < 64; i++) {
			const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
			const t1 = (hh + s1 + ((e & f) ^ (~e & g)) + K256[i]! + w[i]!) | 0;
			const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
			const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
			hh = g;
			g = f;
			f = e;
			e = (d + t1) | 0;
			d = c;
			c = b;
			b = a;
			a = (t1 + t2) | 0;
		}
		h[0] = (i0 + a) | 0;
		h[1] = (i1 + b) | 0;
		h[2] = (i2 + c) | 0;
		h[3] = (i3 + d) | 0;
		h[4] = (i4 + e) | 0;
		h[5] = (i5 + f) | 0;
		h[6] = (i6 + g) | 0;
		h[7] = (i7 + hh) | 0;
	}
	return writeWords(h);
}

/** FIPS 180-4 sections 4.2.1 and 5.3.1. */
const IV1 = Int32Array.from([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]);

function iterateSha1(digest: Uint8Array, times: number): Uint8Array {
	const h = Int32Array.from(readWords(digest, 5));
	const w = new Int32Array(80);
	w[5] = 0x80000000 | 0;
	w[15] = 160;
	const [i0, i1, i2, i3, i4] = IV1 as unknown as Eight;
	for (let n = 0; n < times; n++) {
		w.set(h);
		for (let i = 16; i < 80; i++) w[i] = rotl(w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!, 1);
		let a = i0;
		let b = i1;
		let c = i2;
		let d = i3;
		let e = i4;
		// Four loops rather than a branch per round: section 4.1.1's f_t changes every 20 rounds.
		for (let i = 0; i < 20; i++) {
			const t = (rotl(a, 5) + ((b & c) | (~b & d)) + e + 0x5a827999 + w[i]!) | 0;
			e = d;
			d = c;
			c = rotl(b, 30);
			b = a;
			a = t;
		}
		for (let i = 20; i < 40; i++) {
			const t = (rotl(a, 5) + (b ^ c ^ d) + e + 0x6ed9eba1 + w[i]!) | 0;
			e = d;
			d = c;
			c = rotl(b, 30);
			b = a;
			a = t;
		}
		for (let i = 40; i < 60; i++) {
			const t = (rotl(a, 5) + ((b & c) | (b & d) | (c & d)) + e + 0x8f1bbcdc + w[i]!) | 0;
			e = d;
			d = c;
			c = rotl(b, 30);
			b = a;
			a = t;
		}
		for (let i = 60; i < 80; i++) {
			const t = (rotl(a, 5) + (b ^ c ^ d) + e + 0xca62c1d6 + w[i]!) | 0;
			e = d;
			d = c;
			c = rotl(b, 30);
			b = a;
			a = t;
		}
		h[0] = (i0 + a) | 0;
		h[1] = (i1 + b) | 0;
		h[2] = (i2 + c) | 0;
		h[3] = (i3 + d) | 0;
		h[4] = (i4 + e) | 0;
	}
	return writeWords(h);
}

/** The digest hashed `times` more times with the hash that produced it. */
export function iterateHash(
	hash: 'SHA-1' | 'SHA-256',
	digest: Uint8Array,
	times: number
): Uint8Array {
	return hash === 'SHA-1' ? iterateSha1(digest, times) : iterateSha256(digest, times);
}
