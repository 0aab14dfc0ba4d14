import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../../src/lib/pki/bytes.ts';
import {
	MAX_CERTIFICATE_INPUT_BYTES,
	MAX_CERTIFICATES,
	parseCertificates
} from '../../../src/lib/pki/certificates.ts';
import { encodePem } from '../../../src/lib/pki/pem.ts';
import { codeOf, issued } from './fixtures.ts';

/** A certs-only SignedData (RFC 5652 section 5, "degenerate" as RFC 7030 calls it), by pkijs. */
export function pkcs7(certificates: Uint8Array[]): Uint8Array {
	const signedData = new pkijs.SignedData({
		version: 1,
		encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.7.1' }),
		certificates: certificates.map((der) => pkijs.Certificate.fromBER(der.slice()))
	});
	const contentInfo = new pkijs.ContentInfo({
		contentType: '1.2.840.113549.1.7.2',
		content: signedData.toSchema(true)
	});
	return new Uint8Array(contentInfo.toSchema().toBER());
}

const ders = (certificates: { rawData: ArrayBuffer }[]) =>
	certificates.map((c) => new Uint8Array(c.rawData));

describe('parseCertificates', () => {
	it('reads one or many PEM blocks, with text around them', async () => {
		const { chainDer, chainPem } = await issued();
		expect(ders(parseCertificates(chainPem))).toEqual(chainDer);
		expect(ders(parseCertificates(`subject=CN=x\nissuer=CN=y\n${chainPem}\n`))).toEqual(chainDer);
		expect(ders(parseCertificates(encodePem('CERTIFICATE', chainDer[0]!)))).toEqual([chainDer[0]]);
	});

	it('reads a DER certificate', async () => {
		const { chainDer } = await issued();
		expect(ders(parseCertificates(chainDer[1]!))).toEqual([chainDer[1]]);
	});

	it('reads PKCS#7 certs-only as DER, PEM (PKCS7 and CMS labels) and bare base64', async () => {
		const { chainDer } = await issued();
		const p7 = pkcs7(chainDer);
		for (const input of [
			p7,
			encodePem('PKCS7', p7),
			encodePem('CMS', p7),
			toBase64(p7),
			new TextEncoder().encode(toBase64(p7).replace(/.{76}/g, '$&\r\n'))
		]) {
			expect(ders(parseCertificates(input))).toEqual(chainDer);
		}
	});

	it('drops duplicates', async () => {
		const { chainPem, chainDer } = await issued();
		expect(ders(parseCertificates(chainPem + chainPem))).toEqual(chainDer);
	});

	it.each([
		['plain text', 'not a certificate'],
		['a PEM private key', encodePem('PRIVATE KEY', new Uint8Array([0x30, 0x00]))],
		['an empty PKCS#7', pkcs7([])],
		['DER that is not a certificate', new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00])],
		['a certificate with trailing bytes', new Uint8Array([0x30, 0x00, 0x00])],
		['empty input', '']
	])('reports %s as certificate_malformed', async (_, input) => {
		expect(await codeOf(() => parseCertificates(input))).toBe('certificate_malformed');
	});

	it('refuses more certificates, or more bytes, than any chain has', async () => {
		const { ca } = await issued();
		const many = Array.from({ length: MAX_CERTIFICATES + 1 }, (_, i) =>
			i % 2 ? ca.root.toString('pem') : ca.intermediate.toString('pem')
		).join('\n');
		expect(await codeOf(() => parseCertificates(many))).toBe('input_too_large');
		const blob = new Uint8Array(MAX_CERTIFICATE_INPUT_BYTES + 1).fill(0x30);
		expect(await codeOf(() => parseCertificates(blob))).toBe('input_too_large');
	});
});
