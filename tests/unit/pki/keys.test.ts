import { describe, expect, it } from 'vitest';
import { KEY_ALGORITHMS, type KeyAlgorithmName } from '../../../src/lib/domain/key-algorithms.ts';
import {
	exportPkcs8,
	exportSpki,
	generateKeyPair,
	importPkcs8,
	keyAlgorithmOf
} from '../../../src/lib/pki/keys.ts';
import { codeOf, keysFor } from './fixtures.ts';

describe('generateKeyPair', () => {
	it.each(KEY_ALGORITHMS)(
		'makes a %s key pair that signs and whose SPKI names it',
		async (name) => {
			const keys = await keysFor(name);
			expect(keys.privateKey.extractable).toBe(true);
			expect(keyAlgorithmOf(keys.publicKey)).toBe(name);
			expect(keyAlgorithmOf(await exportSpki(keys.publicKey))).toBe(name);
		}
	);

	it('uses e = 65537 and RSASSA-PKCS1-v1_5 with SHA-256 for RSA', async () => {
		const { publicKey } = await keysFor('RSA-2048');
		const algorithm = publicKey.algorithm as RsaHashedKeyAlgorithm;
		expect(algorithm.name).toBe('RSASSA-PKCS1-v1_5');
		expect((algorithm.hash as Algorithm).name).toBe('SHA-256');
		expect([...algorithm.publicExponent]).toEqual([1, 0, 1]);
	});

	it('refuses an algorithm outside the order policy', async () => {
		expect(await codeOf(generateKeyPair('RSA-2048', ['P-256', 'P-384']))).toBe(
			'key_algorithm_not_allowed'
		);
		expect(await codeOf(generateKeyPair('RSA-1024' as KeyAlgorithmName))).toBe(
			'key_algorithm_not_allowed'
		);
	});
});

describe('PKCS#8', () => {
	it('round-trips a private key', async () => {
		const keys = await keysFor('P-384');
		const pkcs8 = await exportPkcs8(keys.privateKey);
		const imported = await importPkcs8(pkcs8, 'P-384');
		const data = new Uint8Array([1, 2, 3]);
		const params = { name: 'ECDSA', hash: 'SHA-384' };
		const signature = await crypto.subtle.sign(params, imported, data);
		expect(await crypto.subtle.verify(params, keys.publicKey, signature, data)).toBe(true);
	});

	it('reports a malformed or mismatched key as key_malformed', async () => {
		expect(await codeOf(importPkcs8(new Uint8Array([0x30, 0x00]), 'P-256'))).toBe('key_malformed');
		const rsa = await exportPkcs8((await keysFor('RSA-2048')).privateKey);
		expect(await codeOf(importPkcs8(rsa, 'P-256'))).toBe('key_malformed');
	});
});

describe('keyAlgorithmOf', () => {
	it('returns null for garbage and for keys outside every policy', async () => {
		expect(keyAlgorithmOf(new Uint8Array([1, 2, 3]))).toBeNull();
		const p521 = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-521' }, true, [
			'sign'
		]);
		expect(keyAlgorithmOf(p521.publicKey)).toBeNull();
		expect(keyAlgorithmOf(await exportSpki(p521.publicKey))).toBeNull();
		const e3 = await crypto.subtle.generateKey(
			{
				name: 'RSASSA-PKCS1-v1_5',
				modulusLength: 2048,
				publicExponent: new Uint8Array([3]),
				hash: 'SHA-256'
			},
			true,
			['sign']
		);
		expect(keyAlgorithmOf(e3.publicKey)).toBeNull();
		expect(keyAlgorithmOf(await exportSpki(e3.publicKey))).toBeNull();
	});
});
