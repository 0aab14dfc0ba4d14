import { readFileSync } from 'node:fs';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { iteratedHashSource } from '../../../scripts/generate-iterated-hash.ts';
import { iterateHash } from '../../../src/lib/pki/pkcs12/iterated-hash.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('iterateHash', () => {
	it.each([
		['SHA-1', sha1, 20],
		['SHA-256', sha256, 32]
	] as const)('%s equals @noble/hashes applied n times', (name, hash, size) => {
		for (const times of [0, 1, 2, 3, 64, 1000]) {
			const seed = crypto.getRandomValues(new Uint8Array(size));
			let expected = seed;
			for (let i = 0; i < times; i++) expected = hash(expected);
			expect(hex(iterateHash(name, seed, times))).toBe(hex(expected));
		}
	});

	it('reads a digest that starts inside a larger buffer', () => {
		const buffer = crypto.getRandomValues(new Uint8Array(40));
		const digest = buffer.subarray(3, 23);
		expect(hex(iterateHash('SHA-1', digest, 2))).toBe(hex(sha1(sha1(digest.slice()))));
	});

	it('is the module scripts/generate-iterated-hash.ts writes', async () => {
		const committed = readFileSync(
			new URL('../../../src/lib/pki/pkcs12/iterated-hash.ts', import.meta.url),
			'utf8'
		);
		expect(committed === (await iteratedHashSource())).toBe(true);
	});
});
