import { describe, expect, it } from 'vitest';
import { DerMalformed, DerUnsupported, oidText, readDer } from '../../../src/lib/pki/der-tree.ts';
import { parseCsr } from '../../../src/lib/pki/csr.ts';
import { readCsrDer } from '../../../src/lib/pki/csr-der.ts';
import { DerReader } from '../../../src/lib/pki/der.ts';
import { codeOf } from './fixtures.ts';

const bytes = (...values: number[]) => new Uint8Array(values);

function nested(depth: number): Uint8Array {
	let inner = bytes(0x05, 0x00);
	for (let i = 0; i < depth; i++) inner = bytes(0x30, inner.length, ...inner);
	return inner;
}

describe('readDer', () => {
	it('reads a nested structure as offsets into the input', () => {
		// SEQUENCE { INTEGER 5, [0] { OID 2.5.4.3 }, UTF8String "é" }
		const root = readDer(
			bytes(
				0x30,
				0x0e,
				0x02,
				0x01,
				0x05,
				0xa0,
				0x05,
				0x06,
				0x03,
				0x55,
				0x04,
				0x03,
				0x0c,
				0x02,
				0xc3,
				0xa9
			)
		);
		expect(root).toMatchObject({ tag: 0x30, start: 0, contentStart: 2, end: 16 });
		expect(root.children?.map(({ tag, start, end }) => [tag, start, end])).toEqual([
			[0x02, 2, 5],
			[0xa0, 5, 12],
			[0x0c, 12, 16]
		]);
		expect(root.children?.[1]?.children?.[0]).toMatchObject({ tag: 0x06, children: null });
	});

	it('reads a long-form length in its shortest form', () => {
		const content = new Uint8Array(200);
		expect(readDer(bytes(0x04, 0x81, 200, ...content)).end).toBe(203);
		expect(readDer(bytes(0x04, 0x82, 0x01, 0x00, ...new Uint8Array(256))).end).toBe(260);
	});

	it.each([
		['an indefinite length', bytes(0x30, 0x80, 0x05, 0x00, 0x00, 0x00)],
		['a long form for a short length', bytes(0x04, 0x81, 0x01, 0xff)],
		['a length with a leading zero octet', bytes(0x04, 0x82, 0x00, 0x81, ...new Uint8Array(0x81))],
		['a truncated value', bytes(0x04, 0x05, 0x01, 0x02)],
		['a truncated length', bytes(0x04, 0x82, 0x01)],
		['a lone tag octet inside a SEQUENCE', bytes(0x30, 0x03, 0x05, 0x00, 0x05)],
		['trailing bytes', bytes(0x05, 0x00, 0x00)],
		['a child running past its parent', bytes(0x30, 0x02, 0x04, 0x02, 0x01, 0x02)],
		['a length of five octets', bytes(0x04, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00)],
		['a length beyond the input', bytes(0x04, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x00)],
		['the reserved length octet 0xFF', bytes(0x04, 0xff, 0x00)],
		['a constructed OCTET STRING', bytes(0x24, 0x03, 0x04, 0x01, 0x00)],
		['a constructed UTF8String', bytes(0x2c, 0x03, 0x0c, 0x01, 0x41)],
		['empty input', bytes()]
	])('refuses %s as malformed', (_, input) => {
		expect(() => readDer(input)).toThrow(DerMalformed);
	});

	it.each([
		['a multi-octet tag', bytes(0x1f, 0x81, 0x00, 0x00)],
		['an application tag', bytes(0x41, 0x00)],
		['a private tag', bytes(0xc1, 0x00)],
		['a UTCTime', bytes(0x17, 0x01, 0x30)],
		['a BMPString', bytes(0x1e, 0x02, 0x00, 0x41)],
		['a primitive SEQUENCE', bytes(0x10, 0x00)],
		['an empty INTEGER', bytes(0x02, 0x00)],
		['a BOOLEAN of two octets', bytes(0x01, 0x02, 0x00, 0xff)],
		['a BIT STRING with 8 unused bits', bytes(0x03, 0x02, 0x08, 0x00)],
		['an empty BIT STRING', bytes(0x03, 0x00)],
		['an OID with a needless 0x80', bytes(0x06, 0x02, 0x80, 0x01)],
		['a truncated OID', bytes(0x06, 0x02, 0x55, 0x84)],
		['an OID arc of five octets', bytes(0x06, 0x05, 0x81, 0x81, 0x81, 0x81, 0x01)]
	])('leaves %s to the general reader', (_, input) => {
		expect(() => readDer(input)).toThrow(DerUnsupported);
	});

	it('leaves nesting deeper than a request to the general reader', () => {
		expect(readDer(nested(16)).end).toBe(nested(16).length);
		expect(() => readDer(nested(17))).toThrow(DerUnsupported);
	});

	it('leaves more elements than a request holds to the general reader', () => {
		// 2000 NULLs in one SEQUENCE: 2001 elements.
		const nulls = new Uint8Array(4000);
		for (let i = 0; i < nulls.length; i += 2) nulls[i] = 0x05;
		expect(() => readDer(bytes(0x30, 0x82, 0x0f, 0xa0, ...nulls))).toThrow(DerUnsupported);
	});
});

describe('oidText', () => {
	it.each([
		[[0x55, 0x04, 0x03], '2.5.4.3'],
		[[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x0e], '1.2.840.113549.1.9.14'],
		[[0x27], '0.39'],
		[[0x81, 0x00], '2.48']
	])('writes %j as %s', (content, text) => {
		expect(oidText(new Uint8Array(content))).toBe(text);
	});
});

describe('readCsrDer on malformed DER', () => {
	it.each([
		['an indefinite length', bytes(0x30, 0x80, 0x05, 0x00, 0x00, 0x00)],
		['a non-minimal length', bytes(0x30, 0x81, 0x02, 0x05, 0x00)],
		['a truncated request', bytes(0x30, 0x10, 0x30, 0x00)],
		['trailing bytes', bytes(0x30, 0x00, 0x00)],
		['a child running past its parent', bytes(0x30, 0x03, 0x30, 0x02, 0x04, 0x02, 0x01, 0x02)],
		['a wrong outer tag inside', bytes(0x30, 0x06, 0x31, 0x00, 0x30, 0x00, 0x03, 0x00)],
		['an oversized length', bytes(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff)],
		['nesting deeper than asn1js allows', nested(40)]
	])('refuses %s as csr_malformed, as the general reader does', async (_, input) => {
		expect(await codeOf(parseCsr(input, { read: readCsrDer }))).toBe('csr_malformed');
		expect(await codeOf(parseCsr(input))).toBe('csr_malformed');
	});
});

describe('DerReader.parseDer', () => {
	it('refuses a child running past its parent, which asn1js stretches the parent over', () => {
		const input = bytes(0x30, 0x03, 0x30, 0x02, 0x04, 0x02, 0x01, 0x02);
		expect(() => readDer(input)).toThrow(DerMalformed);
		expect(() => new DerReader('csr_malformed', 'request').parseDer(input)).toThrow(
			/runs past the length/
		);
	});
});
