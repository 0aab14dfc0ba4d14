/**
 * A throw-away CA (root, intermediate) for tests that need certificates issued to a real request
 * without starting the reference server.
 */
import * as x509 from '../../src/lib/pki/x509';
import type { SubjectAltName, SubjectAttribute } from '../../src/lib/api/types';
import { parseCsr } from '../../src/lib/pki/csr';
import { buildName } from '../../src/lib/pki/name';
import { buildSubjectAltNameExtension } from '../../src/lib/pki/subject-alt-name';

const SIGNING = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

export interface TestCa {
	root: x509.X509Certificate;
	intermediate: x509.X509Certificate;
	/** Issues for the CSR's key; subject and SANs come from the arguments, as a real CA takes them from the order. */
	issue(
		csrPem: string,
		subject: SubjectAttribute[],
		subjectAltNames: SubjectAltName[]
	): Promise<x509.X509Certificate>;
	/** Leaf, intermediate, root as concatenated PEM. */
	chainPem(leaf: x509.X509Certificate): string;
}

async function keyPair(): Promise<CryptoKeyPair> {
	return crypto.subtle.generateKey(SIGNING, false, ['sign', 'verify']);
}

async function caCertificate(
	name: string,
	keys: CryptoKeyPair,
	issuer: { name: string; key: CryptoKey } | null
): Promise<x509.X509Certificate> {
	const now = Date.now();
	return x509.X509CertificateGenerator.create({
		serialNumber: crypto
			.getRandomValues(new Uint8Array(8))
			.reduce((hex, byte) => hex + byte.toString(16).padStart(2, '0'), '01'),
		subject: name,
		issuer: issuer?.name ?? name,
		notBefore: new Date(now - DAY),
		notAfter: new Date(now + 3650 * DAY),
		publicKey: keys.publicKey,
		signingKey: issuer?.key ?? keys.privateKey,
		signingAlgorithm: SIGNING,
		extensions: [
			new x509.BasicConstraintsExtension(true, issuer ? 0 : undefined, true),
			new x509.KeyUsagesExtension(
				x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
				true
			),
			await x509.SubjectKeyIdentifierExtension.create(keys.publicKey)
		]
	});
}

export async function createTestCa(): Promise<TestCa> {
	const rootName = 'C=BE, O=Test Trust, CN=Test Root CA';
	const intermediateName = 'C=BE, O=Test Trust, CN=Test Issuing CA';
	const rootKeys = await keyPair();
	const intermediateKeys = await keyPair();
	const root = await caCertificate(rootName, rootKeys, null);
	const intermediate = await caCertificate(intermediateName, intermediateKeys, {
		name: rootName,
		key: rootKeys.privateKey
	});
	return {
		root,
		intermediate,
		async issue(csrPem, subject, subjectAltNames) {
			const csr = await parseCsr(csrPem);
			const now = Date.now();
			return x509.X509CertificateGenerator.create({
				serialNumber:
					'02' +
					Array.from(crypto.getRandomValues(new Uint8Array(15)), (b) =>
						b.toString(16).padStart(2, '0')
					).join(''),
				subject: buildName(subject),
				issuer: intermediate.subjectName,
				notBefore: new Date(now - 60_000),
				notAfter: new Date(now + 365 * DAY),
				publicKey: csr.publicKeySpki as Uint8Array<ArrayBuffer>,
				signingKey: intermediateKeys.privateKey,
				signingAlgorithm: SIGNING,
				extensions: [
					new x509.BasicConstraintsExtension(false, undefined, true),
					new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
					buildSubjectAltNameExtension(subjectAltNames)
				]
			});
		},
		chainPem(leaf) {
			return [leaf, intermediate, root]
				.map((certificate) => certificate.toString('pem'))
				.join('\n');
		}
	};
}
