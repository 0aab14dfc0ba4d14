/**
 * Property tests of every parser on hostile input: truncated, bit-flipped, spliced, random,
 * oversized and mislabelled. Each input must end in a value or a PkiError, never another
 * exception or a hang (the test timeout bounds each property).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCertificates } from '../../../src/lib/pki/certificates.ts';
import { parseCsr } from '../../../src/lib/pki/csr.ts';
import { PkiError } from '../../../src/lib/pki/errors.ts';
import { unwrapPrivateKey, wrapPrivateKey } from '../../../src/lib/pki/key-wrap.ts';
import { exportPkcs8, exportSpki, keyAlgorithmOf } from '../../../src/lib/pki/keys.ts';
import { readName } from '../../../src/lib/pki/name.ts';
import { encodePem } from '../../../src/lib/pki/pem.ts';
import { buildPkcs12, readPkcs12 } from '../../../src/lib/pki/pkcs12/index.ts';
import { createCsr } from '../../../src/lib/pki/csr.ts';
import { issued, SUBJECT, SUBJECT_ALT_NAMES } from './fixtures.ts';
import { mutations } from './mutations.ts';

async function outcome(run: () => unknown): Promise<'ok' | string> {
	try {
		await run();
		return 'ok';
	} catch (error) {
		if (error instanceof PkiError) return error.code;
		throw new Error(`not a PkiError: ${String(error)}`, { cause: error });
	}
}

const FIVE_MB = new Uint8Array(5 * 1024 * 1024).fill(0x41);

let csrDer: Uint8Array;
let chainDer: Uint8Array[];
let chainPem: string;
let p12: Uint8Array;
let wrapped: Uint8Array;
let spki: Uint8Array;

beforeAll(async () => {
	const fixture = await issued('P-256');
	const pem = await createCsr({
		keys: fixture.keys,
		subject: SUBJECT,
		subjectAltNames: SUBJECT_ALT_NAMES
	});
	csrDer = (await parseCsr(pem)).der;
	chainDer = fixture.chainDer;
	chainPem = fixture.chainPem;
	const pkcs8 = await exportPkcs8(fixture.keys.privateKey);
	p12 = await buildPkcs12({
		privateKeyPkcs8: pkcs8,
		chain: chainDer,
		password: 'pw',
		friendlyName: 'f',
		profile: 'modern',
		iterations: { encryption: 1000, mac: 1000 }
	});
	wrapped = await wrapPrivateKey(pkcs8, 'pw');
	spki = await exportSpki(fixture.keys.publicKey);
});

describe('parsers on hostile input', () => {
	it('parseCsr: mutated DER and PEM', async () => {
		const codes = new Set<string>();
		for (const input of mutations(csrDer, 1, 300)) {
			codes.add(await outcome(() => parseCsr(input)));
			codes.add(await outcome(() => parseCsr(encodePem('CERTIFICATE REQUEST', input))));
		}
		expect([...codes].every((code) => /^(ok|csr_\w+|input_too_large)$/.test(code))).toBe(true);
		expect(await outcome(() => parseCsr(FIVE_MB))).toBe('input_too_large');
		expect(await outcome(() => parseCsr(encodePem('PKCS7', csrDer)))).toBe('csr_malformed');
	});

	it('parseCertificates: mutated DER, PEM and PKCS#7, a 50-certificate chain, 5 MB', async () => {
		for (const input of mutations(chainDer[0]!, 2, 300)) {
			expect(await outcome(() => parseCertificates(input))).toMatch(/^(ok|certificate_malformed)$/);
			expect(await outcome(() => parseCertificates(encodePem('CERTIFICATE', input)))).toMatch(
				/^(ok|certificate_malformed)$/
			);
		}
		const text = new TextEncoder().encode(chainPem);
		for (const input of mutations(text, 3, 300)) {
			expect(await outcome(() => parseCertificates(input))).toMatch(
				/^(ok|certificate_malformed|input_too_large)$/
			);
		}
		const fifty = Array.from({ length: 50 }, () => chainPem).join('\n');
		expect(await outcome(() => parseCertificates(fifty))).toBe('input_too_large');
		expect(await outcome(() => parseCertificates(FIVE_MB))).toBe('input_too_large');
		expect(await outcome(() => parseCertificates(encodePem('X509 CRL', chainDer[0]!)))).toBe(
			'certificate_malformed'
		);
	});

	it('readPkcs12: mutated files and the wrong kind of file', async () => {
		for (const input of mutations(p12, 4, 200)) {
			expect(await outcome(() => readPkcs12(input, 'pw'))).toMatch(
				/^(ok|pkcs12_malformed|pkcs12_unsupported|pkcs12_wrong_password)$/
			);
		}
		expect(await outcome(() => readPkcs12(FIVE_MB, 'pw'))).toBe('input_too_large');
		expect(await outcome(() => readPkcs12(csrDer, 'pw'))).toMatch(/^pkcs12_/);
	});

	it('unwrapPrivateKey: mutated blobs', async () => {
		// Each intact header costs a 600,000-iteration PBKDF2, so fewer samples here.
		for (const input of mutations(wrapped, 5, 25)) {
			expect(await outcome(() => unwrapPrivateKey(input, 'pw'))).toMatch(
				/^(key_wrap_malformed|key_unwrap_wrong_password)$/
			);
		}
	});

	it('readName and keyAlgorithmOf: mutated names and public keys', async () => {
		const name = new Uint8Array(
			(await import('../../../src/lib/pki/name.ts')).buildNameDer(SUBJECT)
		);
		for (const input of mutations(name, 6, 300)) {
			expect(await outcome(() => readName(input))).toMatch(/^(ok|name_unsupported_attribute)$/);
		}
		for (const input of mutations(spki, 7, 300)) {
			expect(['P-256', null]).toContain(keyAlgorithmOf(input));
		}
	});
});
