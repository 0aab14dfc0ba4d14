import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import type { KeyAlgorithmName } from '../../../src/lib/domain/key-algorithms.ts';
import type { SubjectAltName } from '../../../src/lib/domain/subject-alt-names.ts';
import { fromBase64 } from '../../../src/lib/pki/bytes.ts';
import {
	checkCsrAgainstOrder,
	createCsr,
	MAX_CSR_BYTES,
	parseCsr
} from '../../../src/lib/pki/csr.ts';
import { bitString, sequence, tlv } from '../../../src/lib/pki/der-writer.ts';
import { exportSpki } from '../../../src/lib/pki/keys.ts';
import { buildName, buildNameDer } from '../../../src/lib/pki/name.ts';
import { encodePem } from '../../../src/lib/pki/pem.ts';
import * as x509 from '../../../src/lib/pki/x509.ts';
import { codeOf, flipBit, keysFor, SUBJECT, SUBJECT_ALT_NAMES } from './fixtures.ts';

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

// The contents of the OBJECT IDENTIFIERs id-ecPublicKey, secp256r1 and ecdsa-with-SHA256 (RFC 5480, RFC 5758).
const EC_PUBLIC_KEY = new Uint8Array([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]);
const SECP256R1 = new Uint8Array([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]);
const ECDSA_WITH_SHA256 = new Uint8Array([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]);

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

	it('names a signature algorithm it does not know, with the advice to sign with SHA-256', async () => {
		const [info, , signature] = (
			asn1js.fromBER(derOf(await csrFor('RSA-2048'))).result as asn1js.Sequence
		).valueBlock.value as [asn1js.Sequence, asn1js.Sequence, asn1js.BitString];
		// sha224WithRSAEncryption (RFC 4055 section 5): WebCrypto has no SHA-224.
		const sha224WithRsa = new asn1js.Sequence({
			value: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.1.14' }), new asn1js.Null()]
		});
		const der = new asn1js.Sequence({ value: [info, sha224WithRsa, signature] }).toBER();
		const failure = await parseCsr(new Uint8Array(der)).catch((error: unknown) => error);
		expect(failure).toMatchObject({
			code: 'csr_signature_weak',
			params: { hash: 'algorithm 1.2.840.113549.1.1.14' },
			message: expect.stringContaining('openssl req -sha256')
		});
	});

	it('names a key it cannot read before it looks at the signature', async () => {
		const ecKey = sequence(tlv(0x06, EC_PUBLIC_KEY), tlv(0x06, SECP256R1));
		// A BIT STRING with unused bits holds no key (RFC 5480 section 2.2).
		const spki = sequence(ecKey, tlv(0x03, new Uint8Array([0x01, 0x00])));
		const info = sequence(tlv(0x02, new Uint8Array([0])), buildNameDer(SUBJECT), spki, tlv(0xa0));
		const ecdsaWithSha256 = sequence(tlv(0x06, ECDSA_WITH_SHA256));
		const der = sequence(info, ecdsaWithSha256, bitString(new Uint8Array(64)));
		for (const allowedKeys of [undefined, ['P-256' as const]]) {
			const failure = await parseCsr(der, { allowedKeys }).catch((error: unknown) => error);
			expect(failure).toMatchObject({
				code: 'csr_key_not_allowed',
				params: { key: 'unreadable key' }
			});
		}
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

describe('strict DER', () => {
	/** The request with its outer SEQUENCE re-encoded: `30 82 hi lo` to another length form. */
	function reencoded(der: Uint8Array, form: 'indefinite' | 'long'): Uint8Array {
		expect([der[0], der[1]]).toEqual([0x30, 0x82]);
		const body = der.subarray(4);
		return form === 'indefinite'
			? new Uint8Array([0x30, 0x80, ...body, 0x00, 0x00])
			: new Uint8Array([0x30, 0x83, 0x00, der[2] ?? 0, der[3] ?? 0, ...body]);
	}

	it.each([
		['trailing bytes', (der: Uint8Array) => new Uint8Array([...der, 0x00]), /trailing bytes/],
		[
			'an indefinite length',
			(der: Uint8Array) => reencoded(der, 'indefinite'),
			/indefinite length/
		],
		['a length longer than needed', (der: Uint8Array) => reencoded(der, 'long'), /shortest form/]
	])(
		'refuses a request with %s as csr_malformed, in DER and in PEM',
		async (_, change, message) => {
			const der = change(derOf(await csrFor('RSA-2048', {})));
			for (const input of [der, encodePem('CERTIFICATE REQUEST', der)]) {
				const failure = await parseCsr(input).catch((error: unknown) => error);
				expect(failure).toMatchObject({
					code: 'csr_malformed',
					message: expect.stringMatching(message)
				});
			}
		}
	);

	it('keeps the exact bytes of a DER request', async () => {
		const der = derOf(await csrFor());
		expect((await parseCsr(der)).der).toEqual(der);
	});
});

describe('requests an applicant made with the wrong options', () => {
	async function requestWith(
		keys: CryptoKeyPair,
		signingAlgorithm: Algorithm & { hash?: string },
		extensions: x509.Extension[] = [new x509.SubjectAlternativeNameExtension(SUBJECT_ALT_NAMES)]
	): Promise<string> {
		const request = await x509.Pkcs10CertificateRequestGenerator.create({
			keys,
			name: buildName(SUBJECT),
			signingAlgorithm,
			extensions
		});
		return request.toString('pem');
	}

	it('refuses a SHA-1 signature as csr_signature_weak, naming the hash', async () => {
		const pem = await requestWith(await keysFor('P-256'), { name: 'ECDSA', hash: 'SHA-1' });
		const failure = await parseCsr(pem).catch((error: unknown) => error);
		expect(failure).toMatchObject({
			code: 'csr_signature_weak',
			params: { hash: 'SHA-1' },
			message: expect.stringContaining('openssl req -sha256')
		});
	});

	it('says a missing subjectAltName is missing and gives the OpenSSL and keytool options', async () => {
		const pem = await requestWith(await keysFor('P-256'), { name: 'ECDSA', hash: 'SHA-256' }, []);
		const parsed = await parseCsr(pem);
		const order = {
			...ORDER,
			subjectAltNames: [
				{ type: 'email' as const, value: 'zoe@example.nl' },
				{ type: 'email' as const, value: 'z.angstrom@example.nl' }
			]
		};
		const failure = await Promise.resolve()
			.then(() => checkCsrAgainstOrder(parsed, order))
			.catch((error: unknown) => error);
		expect(failure).toMatchObject({
			code: 'csr_san_missing',
			params: {
				openssl: '-addext "subjectAltName=email:zoe@example.nl,email:z.angstrom@example.nl"',
				keytool: '-ext san=email:zoe@example.nl,email:z.angstrom@example.nl'
			}
		});
		const server = {
			...ORDER,
			subjectAltNames: [{ type: 'dns' as const, value: 'portal.example.nl' }]
		};
		expect(
			await Promise.resolve()
				.then(() => checkCsrAgainstOrder(parsed, server))
				.catch((error: unknown) => error)
		).toMatchObject({
			params: {
				openssl: '-addext "subjectAltName=DNS:portal.example.nl"',
				keytool: '-ext san=dns:portal.example.nl'
			}
		});
	});

	it('compares e-mail domains case-insensitively and local parts exactly', async () => {
		const withNames = (names: SubjectAltName[]) =>
			requestWith(keys, { name: 'ECDSA', hash: 'SHA-256' }, [
				new x509.SubjectAlternativeNameExtension(names)
			]);
		const keys = await keysFor('P-256');
		const order = {
			...ORDER,
			subjectAltNames: [{ type: 'email' as const, value: 'jan@example.be' }]
		};
		const domainCase = await parseCsr(
			await withNames([{ type: 'email', value: 'jan@Example.BE' }])
		);
		expect(() => checkCsrAgainstOrder(domainCase, order)).not.toThrow();
		const localCase = await parseCsr(await withNames([{ type: 'email', value: 'Jan@example.be' }]));
		expect(await codeOf(() => checkCsrAgainstOrder(localCase, order))).toBe('csr_san_mismatch');
	});

	it.each([
		[
			'RSA-1024',
			{
				name: 'RSASSA-PKCS1-v1_5',
				modulusLength: 1024,
				publicExponent: new Uint8Array([1, 0, 1]),
				hash: 'SHA-256'
			}
		],
		[
			'RSA-2048 (e=3)',
			{
				name: 'RSASSA-PKCS1-v1_5',
				modulusLength: 2048,
				publicExponent: new Uint8Array([3]),
				hash: 'SHA-256'
			}
		],
		['EC P-521', { name: 'ECDSA', namedCurve: 'P-521' }],
		[
			'RSA-4096',
			{
				name: 'RSASSA-PKCS1-v1_5',
				modulusLength: 4096,
				publicExponent: new Uint8Array([1, 0, 1]),
				hash: 'SHA-256'
			}
		]
	])('names a refused %s key', async (description, params) => {
		const keys = (await crypto.subtle.generateKey(params, true, [
			'sign',
			'verify'
		])) as CryptoKeyPair;
		const signing =
			params.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-512' } : { name: 'RSASSA-PKCS1-v1_5' };
		const parsed = await parseCsr(await requestWith(keys, signing));
		expect(parsed.keyDescription).toBe(description);
		const failure = await Promise.resolve()
			.then(() => checkCsrAgainstOrder(parsed, ORDER))
			.catch((error: unknown) => error);
		expect(failure).toMatchObject({
			code: 'csr_key_not_allowed',
			params: { key: description, allowed: 'P-256' },
			message: `the request's key is ${description}; this order accepts P-256`
		});
	});
});
