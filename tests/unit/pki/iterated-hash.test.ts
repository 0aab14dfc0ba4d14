import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { iterateHash } from '../../../src/lib/pki/pkcs12/iterated-hash';

describe('iterateHash', () => {
	it.each([
		['SHA-1', sha1, 20],
		['SHA-256', sha256, 32]
	] as const)('%s equals @noble/hashes applied n times', (name, hash, size) => {
		for (const times of [0, 1, 2, 3, 64, 1000]) {
			const seed = crypto.getRandomValues(new Uint8Array(size));
			let expected = seed;
			for (let i = 0; i < times; i++) expected = hash(expected);
			expect(Buffer.from(iterateHash(name, seed, times)).toString('hex')).toBe(
				Buffer.from(expected).toString('hex')
			);
		}
	});
});
