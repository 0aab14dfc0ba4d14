import { describe, expect, it } from 'vitest';
import { explicit, sequence, tlv } from '../../../src/lib/pki/der-writer.ts';
import { OID } from '../../../src/lib/pki/oids.ts';
import { readRsassaPssParams } from '../../../src/lib/pki/rsassa-pss.ts';
import { signatureAlgorithmOf } from '../../../src/lib/pki/self-signature.ts';
import { codeOf } from './fixtures.ts';

/** The DER of an OBJECT IDENTIFIER (X.690 section 8.19): each arc in base 128, high bit "more". */
function oid(dotted: string): Uint8Array {
	const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
	const octets = [first * 40 + second, ...rest].flatMap((arc) => {
		const digits = [arc & 0x7f];
		for (let value = arc >> 7; value > 0; value >>= 7) digits.unshift(0x80 | (value & 0x7f));
		return digits;
	});
	return tlv(0x06, new Uint8Array(octets));
}

const NULL = new Uint8Array([0x05, 0x00]);
const integer = (value: number) =>
	tlv(0x02, new Uint8Array(value > 0xff ? [value >> 8, value & 0xff] : [value]));
const hash = (hashOid: string, ...parameters: Uint8Array[]) =>
	sequence(oid(hashOid), ...parameters);
const mgf1 = (hashOid: string) => sequence(oid(OID.mgf1), hash(hashOid));

/** RSASSA-PSS-params with the given [0] hash, [1] mask, [2] salt, [3] trailer fields. */
function params(...fields: [number, Uint8Array][]): Uint8Array {
	return sequence(...fields.map(([tag, value]) => explicit(tag, value)));
}

const SHA256_32 = params(
	[0, hash(OID.sha256, NULL)],
	[1, mgf1(OID.sha256)],
	[2, integer(32)],
	[3, integer(1)]
);

describe('readRsassaPssParams', () => {
	it('reads every field, hash parameters NULL or absent', () => {
		expect(readRsassaPssParams(SHA256_32)).toEqual({
			hash: 'SHA-256',
			maskFunction: 'MGF1',
			maskHash: 'SHA-256',
			saltLength: 32
		});
	});

	it('takes the RFC 4055 defaults for absent fields: SHA-1, MGF1 with SHA-1, 20 octets', () => {
		expect(readRsassaPssParams(sequence())).toEqual({
			hash: 'SHA-1',
			maskFunction: 'MGF1',
			maskHash: 'SHA-1',
			saltLength: 20
		});
		expect(readRsassaPssParams(params([2, integer(64)]))).toMatchObject({
			hash: 'SHA-1',
			maskHash: 'SHA-1',
			saltLength: 64
		});
	});

	it('names a hash by its OID when WebCrypto has no name for it, and another mask function', () => {
		expect(
			readRsassaPssParams(
				params([0, hash('1.2.3.4')], [1, sequence(oid('1.2.3.5'), hash(OID.sha256))])
			)
		).toEqual({ hash: '1.2.3.4', maskFunction: '1.2.3.5', maskHash: '', saltLength: 20 });
	});

	it('accepts the largest salt a 16384-bit modulus has room for', () => {
		expect(readRsassaPssParams(params([2, integer(2048)])).saltLength).toBe(2048);
	});

	it.each([
		['absent parameters', undefined, /absent/],
		['parameters that are not a SEQUENCE', NULL, /expected tag/],
		['fields out of order', params([2, integer(32)], [0, hash(OID.sha256)]), /out of order/],
		['a field twice', params([0, hash(OID.sha256)], [0, hash(OID.sha256)]), /out of order/],
		['an unknown field', params([4, integer(1)]), /out of order or unknown/],
		['a trailerField other than 1', params([3, integer(2)]), /trailerField is not 1/],
		['hash parameters other than NULL', params([0, hash(OID.sha256, integer(0))]), /NULL/],
		['a salt longer than any modulus', params([2, integer(2049)]), /outside 0..2048/],
		['a negative salt', params([2, tlv(0x02, new Uint8Array([0xff]))]), /outside/],
		['a mask without its hash', params([1, sequence(oid(OID.mgf1))]), /expected tag/]
	])('refuses %s as csr_malformed', async (_, encoded, message) => {
		expect(await codeOf(() => readRsassaPssParams(encoded))).toBe('csr_malformed');
		expect(() => readRsassaPssParams(encoded)).toThrow(message);
	});
});

describe('signatureAlgorithmOf', () => {
	it('verifies RSASSA-PSS with WebCrypto when MGF1 hashes with the message hash', () => {
		expect(signatureAlgorithmOf(OID.rsassaPss, SHA256_32)).toEqual({
			family: 'RSA-PSS',
			hash: 'SHA-256',
			saltLength: 32
		});
	});

	it.each([
		[
			'MGF1 over another hash',
			params([0, hash(OID.sha384)], [1, mgf1(OID.sha256)]),
			'SHA-384',
			'RSASSA-PSS with SHA-384 and MGF1 with SHA-256'
		],
		[
			'a hash WebCrypto lacks',
			params([0, hash('2.16.840.1.101.3.4.2.4')], [1, mgf1('2.16.840.1.101.3.4.2.4')]),
			'SHA-224',
			'RSASSA-PSS with SHA-224 and MGF1 with SHA-224'
		],
		[
			'another mask function',
			params([0, hash(OID.sha256)], [1, sequence(oid('1.2.3.5'))]),
			'SHA-256',
			'RSASSA-PSS with SHA-256 and mask generation 1.2.3.5'
		]
	])('names RSASSA-PSS with %s, which WebCrypto cannot check', (_, encoded, hashName, name) => {
		expect(signatureAlgorithmOf(OID.rsassaPss, encoded)).toEqual({
			family: 'other',
			hash: hashName,
			name
		});
	});

	it('names an algorithm it does not know by its OID', () => {
		expect(signatureAlgorithmOf('1.2.840.113549.1.1.14')).toEqual({
			family: 'other',
			hash: '',
			name: 'algorithm 1.2.840.113549.1.1.14'
		});
	});
});
