import { describe, expect, it } from 'vitest';
import {
	KEY_WRAP_MIN_ITERATIONS,
	KEY_WRAP_VERSION,
	prepareKeyWrap,
	unwrapPrivateKey,
	wrapPrivateKey
} from '../../../src/lib/pki/key-wrap.ts';
import { exportPkcs8 } from '../../../src/lib/pki/keys.ts';
import { codeOf, flipBit, keysFor } from './fixtures.ts';

const PASSWORD = 'Çertificaat-wachtwoord 2024!';

describe('wrapPrivateKey / unwrapPrivateKey', async () => {
	const pkcs8 = await exportPkcs8((await keysFor('P-256')).privateKey);
	const wrapped = await wrapPrivateKey(pkcs8, PASSWORD);

	it('round-trips with the password', async () => {
		expect(await unwrapPrivateKey(wrapped, PASSWORD)).toEqual(pkcs8);
	});

	it('writes a versioned, self-describing header with at least 600,000 iterations', () => {
		const view = new DataView(wrapped.buffer, wrapped.byteOffset);
		expect(wrapped[0]).toBe(KEY_WRAP_VERSION);
		expect(view.getUint32(1)).toBeGreaterThanOrEqual(600_000);
		expect(wrapped[5]).toBe(16);
		expect(wrapped[6 + 16]).toBe(12);
		expect(wrapped.length).toBe(6 + 16 + 1 + 12 + pkcs8.length + 16);
	});

	it('uses a fresh salt and IV every time', async () => {
		const again = await wrapPrivateKey(pkcs8, PASSWORD);
		expect(again.subarray(5, 35)).not.toEqual(wrapped.subarray(5, 35));
	});

	it('reports a wrong password, or a tampered blob, as key_unwrap_wrong_password', async () => {
		expect(await codeOf(unwrapPrivateKey(wrapped, 'wrong'))).toBe('key_unwrap_wrong_password');
		const tampered = flipBit(wrapped, 10);
		expect(await codeOf(unwrapPrivateKey(tampered, PASSWORD))).toBe('key_unwrap_wrong_password');
	});

	it.each([
		['empty', new Uint8Array()],
		['an unknown version', Uint8Array.of(2, ...new Uint8Array(60))],
		['truncated', null],
		['a too low iteration count', null],
		['a too short salt', null]
	])('reports %s as key_wrap_malformed', async (name, input) => {
		let blob: Uint8Array | null = input;
		if (name === 'truncated') blob = wrapped.subarray(0, 40);
		if (name === 'a too low iteration count') {
			blob = wrapped.slice();
			new DataView(blob.buffer).setUint32(1, KEY_WRAP_MIN_ITERATIONS - 1);
		}
		if (name === 'a too short salt') {
			blob = wrapped.slice();
			blob[5] = 8;
		}
		expect(await codeOf(unwrapPrivateKey(blob!, PASSWORD))).toBe('key_wrap_malformed');
	});

	it('refuses to wrap with fewer than 600,000 iterations', async () => {
		await expect(wrapPrivateKey(pkcs8, PASSWORD, { iterations: 1000 })).rejects.toThrow(RangeError);
	});

	describe('with the wrapping key derived ahead', () => {
		const saltOf = (blob: Uint8Array) => blob.subarray(6, 6 + 16);

		it('uses it: its salt and count are in the blob, which opens with the password', async () => {
			const prepared = prepareKeyWrap(PASSWORD);
			const blob = await wrapPrivateKey(pkcs8, PASSWORD, { prepared });
			expect(saltOf(blob)).toEqual(prepared.salt);
			expect(new DataView(blob.buffer, blob.byteOffset).getUint32(1)).toBe(KEY_WRAP_MIN_ITERATIONS);
			expect(await unwrapPrivateKey(blob, PASSWORD)).toEqual(pkcs8);
			const again = await wrapPrivateKey(pkcs8, PASSWORD, { prepared });
			expect(again.subarray(6 + 16 + 1, 6 + 16 + 1 + 12)).not.toEqual(
				blob.subarray(6 + 16 + 1, 6 + 16 + 1 + 12)
			);
		});

		it('derives anew for another password, or when the derivation failed', async () => {
			const other = prepareKeyWrap(`${PASSWORD}2`);
			const failed = { ...prepareKeyWrap(PASSWORD), key: Promise.resolve(null) };
			for (const prepared of [other, failed]) {
				const blob = await wrapPrivateKey(pkcs8, PASSWORD, { prepared });
				expect(saltOf(blob)).not.toEqual(prepared.salt);
				expect(await unwrapPrivateKey(blob, PASSWORD)).toEqual(pkcs8);
			}
		});
	});
});
