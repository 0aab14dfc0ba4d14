/**
 * Every request the product makes passes `openssl req -verify`, and OpenSSL reads its subject
 * and extensions as the order asked; certificates OpenSSL bundles as PKCS#7 are read back.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCertificates } from '../../src/lib/pki/certificates.ts';
import { createCsr } from '../../src/lib/pki/csr.ts';
import { KEY_ALGORITHMS } from '../../src/lib/domain/key-algorithms.ts';
import { generateKeyPair } from '../../src/lib/pki/keys.ts';
import { createTestCa, SUBJECT, SUBJECT_ALT_NAMES } from './support/ca.ts';
import { requireTool, run } from './support/tools.ts';

beforeAll(() => requireTool('openssl', ['version']));

describe.each(KEY_ALGORITHMS)('%s request', (algorithm) => {
	it('passes openssl req -verify with the subject, SANs, key usage and EKU of the order', async () => {
		const csr = await createCsr({
			keys: await generateKeyPair(algorithm),
			subject: SUBJECT,
			subjectAltNames: SUBJECT_ALT_NAMES,
			keyUsage: ['digitalSignature', 'nonRepudiation'],
			extendedKeyUsage: ['1.3.6.1.5.5.7.3.4', '1.3.6.1.5.5.7.3.2']
		});
		const { status, stdout, stderr } = run(
			'openssl',
			['req', '-verify', '-noout', '-text', '-nameopt', 'RFC2253,-esc_msb'],
			{ input: csr }
		);
		expect(status, stderr).toBe(0);
		expect(stderr + stdout).toContain('verify OK');
		expect(stdout).toContain(
			'Subject: emailAddress=zoe@example.nl,CN=Zoë Ångström,serialNumber=00000003123456780000,' +
				'organizationIdentifier=NTRNL-00000003123456780000,OU=Afdeling Çertificaten,' +
				"O=Ëxample Überbedrijf B.V.,L='s-Gravenhage,ST=Zuid-Holland,C=NL"
		);
		expect(stdout).toContain('email:zoe@example.nl, DNS:www.example.nl');
		expect(stdout).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation/);
		expect(stdout).toMatch(
			/Extended Key Usage:\s+E-mail Protection, TLS Web Client Authentication/
		);
		const signature =
			algorithm === 'P-384'
				? 'ecdsa-with-SHA384'
				: algorithm === 'P-256'
					? 'ecdsa-with-SHA256'
					: 'sha256WithRSAEncryption';
		expect(stdout).toContain(`Signature Algorithm: ${signature}`);
	});
});

describe('certificates from OpenSSL', () => {
	it('reads a chain bundled by openssl crl2pkcs7 as DER, PEM and EST-style base64', async () => {
		const ca = await createTestCa();
		const pem = [ca.intermediate, ca.root].map((c) => c.toString('pem')).join('\n');
		const file = `/tmp/pki-interop-${process.pid}-chain.pem`;
		run('sh', ['-c', `cat > ${file}`], { input: pem });
		const der = run('sh', [
			'-c',
			`openssl crl2pkcs7 -nocrl -certfile ${file} -outform DER | base64 -w 76`
		]);
		expect(der.status, der.stderr).toBe(0);
		const p7pem = run('openssl', ['crl2pkcs7', '-nocrl', '-certfile', file]);
		expect(p7pem.status, p7pem.stderr).toBe(0);
		const expected = [ca.intermediate, ca.root].map((c) => c.serialNumber);
		for (const input of [der.stdout, p7pem.stdout, Buffer.from(der.stdout, 'base64')]) {
			expect(parseCertificates(input).map((c) => c.serialNumber)).toEqual(expected);
		}
	});
});
