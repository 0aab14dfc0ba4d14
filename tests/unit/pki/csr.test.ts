import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import type { KeyAlgorithmName } from '../../../src/lib/api/types';
import { fromBase64 } from '../../../src/lib/pki/bytes';
import { checkCsrAgainstOrder, createCsr, MAX_CSR_BYTES, parseCsr } from '../../../src/lib/pki/csr';
import { exportSpki } from '../../../src/lib/pki/keys';
import { encodePem } from '../../../src/lib/pki/pem';
import * as x509 from '../../../src/lib/pki/x509';
import { codeOf, flipBit, keysFor, SUBJECT, SUBJECT_ALT_NAMES } from './fixtures';

const ORDER = {
	subject: SUBJECT,
	subjectAltNames: SUBJECT_ALT_NAMES,
	allowedKeys: ['P-256'] as KeyAlgorithmName[]
};

async function csrFor(algorithm: KeyAlgorithmName = 'P-256', extra = {}): Promise<string> {
	return createCsr({
		keys: await keysFor(algorithm),
		subject: SUBJECT,
		subjectAltNames: SUBJECT_ALT_NAMES,
		...extra
	});
}

function derOf(pem: string): Uint8Array {
	return fromBase64(pem.replace(/-----[A-Z ]+-----/g, '')) as Uint8Array;
}

describe('createCsr', () => {
	it.each<[KeyAlgorithmName, string]>([
		['P-256', '1.2.840.10045.4.3.2'],
		['P-384', '1.2.840.10045.4.3.3'],
		['RSA-2048', '1.2.840.113549.1.1.11']
	])('signs a %s request with the right hash (%s)', async (algorithm, signatureOid) => {
		const pem = await csrFor(algorithm);
		expect(pem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n/);
		const request = new x509.Pkcs10CertificateRequest(pem);
		expect(await request.verify()).toBe(true);
		const [, signatureAlgorithm] = (asn1js.fromBER(request.rawData).result as asn1js.Sequence)
			.valueBlock.value as asn1js.Sequence[];
		const [oid] = signatureAlgorithm!.valueBlock.value as asn1js.ObjectIdentifier[];
		expect(oid!.getValue()).toBe(signatureOid);
	});

	it('asks for SANs, key usage and extended key usage in an extensionRequest', async () => {
		const pem = await csrFor('P-256', {
			keyUsage: ['digitalSignature', 'nonRepudiation'],
			extendedKeyUsage: ['1.3.6.1.5.5.7.3.4']
		});
		const request = new x509.Pkcs10CertificateRequest(pem);
		const find = <T>(type: new (...args: never[]) => T) =>
			request.extensions.find((e): e is x509.Extension & T => e instanceof type);
		const keyUsage = find(x509.KeyUsagesExtension);
		expect(keyUsage?.critical).toBe(true);
		expect(keyUsage?.usages).toBe(
			x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation
		);
		expect(find(x509.ExtendedKeyUsageExtension)?.usages).toEqual(['1.3.6.1.5.5.7.3.4']);
		const san = find(x509.SubjectAlternativeNameExtension);
		expect(san?.names.items.map(({ type, value }) => ({ type, value }))).toEqual(SUBJECT_ALT_NAMES);
	});

	it('leaves out extensions the order does not ask for', async () => {
		const request = new x509.Pkcs10CertificateRequest(
			await createCsr({ keys: await keysFor('P-256'), subject: SUBJECT, subjectAltNames: [] })
		);
		expect(request.extensions).toEqual([]);
	});
});

describe('parseCsr', () => {
	it('reads PEM text, PEM bytes and DER to the same request', async () => {
		const pem = await csrFor();
		const spki = await exportSpki((await keysFor('P-256')).publicKey);
		for (const input of [pem, new TextEncoder().encode(pem), derOf(pem)]) {
			const parsed = await parseCsr(input);
			expect(parsed.subject).toEqual(SUBJECT);
			expect(parsed.subjectAltNames).toEqual(SUBJECT_ALT_NAMES);
			expect(parsed.keyAlgorithm).toBe('P-256');
			expect(parsed.publicKeySpki).toEqual(spki);
			expect(parsed.der).toEqual(derOf(pem));
		}
	});

	it('accepts the NEW CERTIFICATE REQUEST label and surrounding text', async () => {
		const der = derOf(await csrFor());
		const pem = `Subject: test\n${encodePem('NEW CERTIFICATE REQUEST', der)}trailer\n`;
		expect((await parseCsr(pem)).subject).toEqual(SUBJECT);
	});

	it('reports a broken signature as csr_signature_invalid', async () => {
		const der = flipBit(derOf(await csrFor()), -5);
		expect(await codeOf(parseCsr(der))).toBe('csr_signature_invalid');
	});

	it.each([
		['garbage', 'hello world'],
		['a certificate label', encodePem('CERTIFICATE', new Uint8Array([0x30, 0x00]))],
		['two requests', ''],
		['an empty DER sequence', new Uint8Array([0x30, 0x00])],
		['a mismatched END label', '-----BEGIN CERTIFICATE REQUEST-----\nMAA=\n-----END X509 CRL-----']
	])('reports %s as csr_malformed', async (name, input) => {
		const value = name === 'two requests' ? (await csrFor()).repeat(2) : input;
		expect(await codeOf(parseCsr(value))).toBe('csr_malformed');
	});

	it('refuses oversized input before parsing it', async () => {
		expect(await codeOf(parseCsr('A'.repeat(MAX_CSR_BYTES + 1)))).toBe('input_too_large');
	});
});

describe('checkCsrAgainstOrder', () => {
	it('accepts a request that matches the order, SANs in any order', async () => {
		const parsed = await parseCsr(await csrFor());
		expect(() =>
			checkCsrAgainstOrder(parsed, { ...ORDER, subjectAltNames: [...SUBJECT_ALT_NAMES].reverse() })
		).not.toThrow();
	});

	it('reports each difference with its own code', async () => {
		const parsed = await parseCsr(await csrFor());
		const check = (order: typeof ORDER) => codeOf(() => checkCsrAgainstOrder(parsed, order));
		expect(await check({ ...ORDER, allowedKeys: ['RSA-2048'] })).toBe('csr_key_not_allowed');
		expect(await check({ ...ORDER, subject: SUBJECT.slice(1) })).toBe('csr_subject_mismatch');
		expect(
			await check({
				...ORDER,
				subject: SUBJECT.map((a) => (a.type === 'CN' ? { ...a, value: 'Zoe' } : a))
			})
		).toBe('csr_subject_mismatch');
		expect(await check({ ...ORDER, subjectAltNames: SUBJECT_ALT_NAMES.slice(1) })).toBe(
			'csr_san_mismatch'
		);
	});

	it('reports a request with SAN types no order has as csr_san_mismatch', async () => {
		const keys = await keysFor('P-256');
		const request = await x509.Pkcs10CertificateRequestGenerator.create({
			keys,
			name: 'CN=x',
			signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
			extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '10.0.0.1' }])]
		});
		expect(await codeOf(parseCsr(request.toString('pem')))).toBe('csr_san_mismatch');
	});
});
