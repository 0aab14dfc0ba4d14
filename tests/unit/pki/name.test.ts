import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import type { SubjectAttribute } from '../../../src/lib/domain/subject-attributes.ts';
import { buildName, buildNameDer, equalSubjects, readName } from '../../../src/lib/pki/name.ts';
import { codeOf, issued, SUBJECT } from './fixtures.ts';

/** [OID, ASN.1 string type name, value] of each RDN, from an independent parse. */
function rdns(der: Uint8Array): [string, string, string][] {
	const name = asn1js.fromBER(der).result as asn1js.Sequence;
	return name.valueBlock.value.map((rdn) => {
		const set = (rdn as asn1js.Set).valueBlock.value;
		expect(set).toHaveLength(1);
		const [type, value] = (set[0] as asn1js.Sequence).valueBlock.value as [
			asn1js.ObjectIdentifier,
			asn1js.BaseStringBlock
		];
		return [type.getValue(), value.constructor.name, value.getValue()];
	});
}

/** The same Name through asn1js's object model: how buildNameDer wrote it before writing DER directly. */
function asn1jsName(subject: readonly SubjectAttribute[]): Uint8Array {
	const oids = {
		C: '2.5.4.6',
		ST: '2.5.4.8',
		L: '2.5.4.7',
		O: '2.5.4.10',
		OU: '2.5.4.11',
		CN: '2.5.4.3',
		serialNumber: '2.5.4.5',
		emailAddress: '1.2.840.113549.1.9.1',
		organizationIdentifier: '2.5.4.97'
	};
	const value = ({ type, value }: SubjectAttribute) =>
		type === 'C' || type === 'serialNumber'
			? new asn1js.PrintableString({ value })
			: type === 'emailAddress'
				? new asn1js.IA5String({ value })
				: new asn1js.Utf8String({ value });
	const rdns = subject.map(
		(attribute) =>
			new asn1js.Set({
				value: [
					new asn1js.Sequence({
						value: [new asn1js.ObjectIdentifier({ value: oids[attribute.type] }), value(attribute)]
					})
				]
			})
	);
	return new Uint8Array(new asn1js.Sequence({ value: rdns }).toBER());
}

describe('buildName', () => {
	it('writes one attribute per RDN, in order, with the right string types', () => {
		expect(rdns(buildNameDer(SUBJECT))).toEqual([
			['2.5.4.6', 'PrintableString', 'NL'],
			['2.5.4.8', 'Utf8String', 'Zuid-Holland'],
			['2.5.4.7', 'Utf8String', "'s-Gravenhage"],
			['2.5.4.10', 'Utf8String', 'Ëxample Überbedrijf B.V.'],
			['2.5.4.11', 'Utf8String', 'Afdeling Çertificaten'],
			['2.5.4.97', 'Utf8String', 'NTRNL-00000003123456780000'],
			['2.5.4.5', 'PrintableString', '00000003123456780000'],
			['2.5.4.3', 'Utf8String', 'Zoë Ångström'],
			['1.2.840.113549.1.9.1', 'IA5String', 'zoe@example.nl']
		]);
	});

	it('writes the bytes asn1js writes for the same Name, long values included', () => {
		const long: SubjectAttribute[] = [
			...SUBJECT,
			{ type: 'emailAddress', value: `${'a'.repeat(243)}@example.org` },
			{ type: 'CN', value: '😀'.repeat(64) }
		];
		for (const subject of [SUBJECT, [...SUBJECT].reverse(), long])
			expect(buildNameDer(subject)).toEqual(asn1jsName(subject));
	});

	it('keeps the order it is given (CN first is a different name)', () => {
		const reversed = [...SUBJECT].reverse();
		expect(readName(buildNameDer(reversed))).toEqual(reversed);
		expect(equalSubjects(reversed, SUBJECT)).toBe(false);
	});

	it('is the byte-exact subject of a certificate issued with it', async () => {
		const { leaf } = await issued();
		expect(new Uint8Array(leaf.subjectName.toArrayBuffer())).toEqual(buildNameDer(SUBJECT));
		expect(new Uint8Array(buildName(SUBJECT).toArrayBuffer())).toEqual(buildNameDer(SUBJECT));
	});

	it.each<[string, SubjectAttribute]>([
		['C longer than 2', { type: 'C', value: 'NLD' }],
		['C not printable', { type: 'C', value: 'Ñ' }],
		['serialNumber not printable', { type: 'serialNumber', value: 'nr_1' }],
		['emailAddress not IA5', { type: 'emailAddress', value: 'zoë@example.nl' }],
		['empty CN', { type: 'CN', value: '' }],
		['CN over 64 characters', { type: 'CN', value: 'x'.repeat(65) }],
		['unknown type', { type: 'title' as 'CN', value: 'Dr.' }],
		['a lone UTF-16 surrogate in a UTF8String', { type: 'CN', value: 'Zo\ud800' }]
	])('refuses %s with name_invalid', async (_, attribute) => {
		expect(await codeOf(() => buildNameDer([attribute]))).toBe('name_invalid');
	});

	it('counts characters, not UTF-16 units, against the upper bounds', () => {
		expect(() => buildNameDer([{ type: 'CN', value: '😀'.repeat(64) }])).not.toThrow();
	});
});

describe('readName', () => {
	it('round-trips every attribute type', () => {
		expect(readName(buildName(SUBJECT))).toEqual(SUBJECT);
	});

	it('refuses attributes no order carries and multi-valued RDNs', async () => {
		const atv = (oid: string, value: string) =>
			new asn1js.Sequence({
				value: [new asn1js.ObjectIdentifier({ value: oid }), new asn1js.Utf8String({ value })]
			});
		const given = new asn1js.Sequence({
			value: [new asn1js.Set({ value: [atv('2.5.4.42', 'Zoë')] })]
		});
		const multi = new asn1js.Sequence({
			value: [new asn1js.Set({ value: [atv('2.5.4.3', 'a'), atv('2.5.4.10', 'b')] })]
		});
		for (const name of [given, multi]) {
			expect(await codeOf(() => readName(new Uint8Array(name.toBER())))).toBe(
				'name_unsupported_attribute'
			);
		}
		expect(await codeOf(() => readName(new Uint8Array([0x30, 0x05, 0x31])))).toBe(
			'name_unsupported_attribute'
		);
	});
});
