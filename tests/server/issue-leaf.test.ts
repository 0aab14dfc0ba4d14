/**
 * The built-in CA's certificates, written directly in DER and signed through node:crypto: they must
 * be what the X.509 library reads and verifies, for every kind of key a CA loaded from files has.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SubjectAltName } from '../../src/lib/domain/subject-alt-names.ts';
import { exportSpki, generateKeyPair } from '../../src/lib/pki/keys.ts';
import { buildSubjectAltNameExtension } from '../../src/lib/pki/subject-alt-name.ts';
import * as x509 from '../../src/lib/pki/x509.ts';
import { loadOrCreateCa, type IssuingCa } from '../../server/ca/authority.ts';
import { issueLeaf } from '../../server/ca/issue.ts';
import { signerFor } from '../../server/ca/signer.ts';
import { product } from '../../server/catalog.ts';
import { loadConfig } from '../../server/config.ts';

const SUBJECT = [
	{ type: 'C' as const, value: 'BE' },
	{ type: 'CN' as const, value: 'Jan Peeters' }
];
const NAMES: SubjectAltName[] = [
	{ type: 'email', value: 'jan@example.be' },
	{ type: 'dns', value: 'portal.example.be' }
];

const dataDir = mkdtempSync(join(tmpdir(), 'pickup-issue-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function issueWith(ca: IssuingCa): Promise<x509.X509Certificate> {
	const keys = await generateKeyPair('P-256');
	const issued = await issueLeaf(
		ca,
		{
			subject: SUBJECT,
			subjectAltNames: NAMES,
			spki: await exportSpki(keys.publicKey),
			keyAlgorithm: 'P-256',
			csrDer: new Uint8Array(),
			profile: product('personal-sign-pro'),
			validityMonths: 12
		},
		{}
	);
	return new x509.X509Certificate(new Uint8Array(issued.der));
}

describe('issueLeaf', () => {
	it('signs with the P-256 issuing CA made on first start, SHA-256, names as the library writes them', async () => {
		const ca = await loadOrCreateCa(loadConfig({ DATA_DIR: dataDir }));
		expect((ca.key.algorithm as EcKeyAlgorithm).namedCurve).toBe('P-256');
		const leaf = await issueWith(ca);
		expect(leaf.signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-256' } });
		expect(await leaf.verify({ publicKey: ca.certificate.publicKey, signatureOnly: true })).toBe(
			true
		);
		const san = leaf.getExtension(x509.SubjectAlternativeNameExtension);
		expect(new Uint8Array(san!.rawData)).toEqual(
			new Uint8Array(buildSubjectAltNameExtension(NAMES).rawData)
		);
		expect(leaf.issuer).toBe(ca.certificate.subject);
	});

	it.each([
		['P-384', { name: 'ECDSA', namedCurve: 'P-384' }, 'SHA-384'],
		[
			'RSA-2048',
			{
				name: 'RSASSA-PKCS1-v1_5',
				modulusLength: 2048,
				publicExponent: new Uint8Array([1, 0, 1]),
				hash: 'SHA-256'
			},
			'SHA-256'
		]
	])('signs verifiably with a %s CA key', async (_, params, hash) => {
		const made = await loadOrCreateCa(loadConfig({ DATA_DIR: dataDir }));
		const keys = (await crypto.subtle.generateKey(params, false, [
			'sign',
			'verify'
		])) as CryptoKeyPair;
		const ca = { ...made, key: keys.privateKey, signer: signerFor(keys.privateKey) };
		const leaf = await issueWith(ca);
		expect(leaf.signatureAlgorithm).toMatchObject({ hash: { name: hash } });
		expect(await leaf.verify({ publicKey: keys.publicKey, signatureOnly: true })).toBe(true);
	});
});
