/**
 * A throw-away CA (root -> intermediate -> leaf) made with @peculiar/x509, with the knobs the
 * PKI tests need: validity windows, an issuer other than the intermediate, and any subject.
 */
import type { SubjectAltName } from '../../../src/lib/domain/subject-alt-names.ts';
import type { SubjectAttribute } from '../../../src/lib/domain/subject-attributes.ts';
import { buildName } from '../../../src/lib/pki/name.ts';
import { buildSubjectAltNameExtension } from '../../../src/lib/pki/subject-alt-name.ts';
import * as x509 from '../../../src/lib/pki/x509.ts';

const SIGNING = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

export interface IssueParams {
	publicKey: CryptoKey;
	subject: SubjectAttribute[];
	subjectAltNames: SubjectAltName[];
	notBefore?: Date;
	notAfter?: Date;
	/** Defaults to the intermediate. */
	issuer?: 'root' | 'intermediate';
}

export interface TestCa {
	root: x509.X509Certificate;
	intermediate: x509.X509Certificate;
	issue(params: IssueParams): Promise<x509.X509Certificate>;
	/** A CA certificate for `name` signed by `signer` (the tests build long and broken chains). */
	subordinate(name: string, signer: CaNode): Promise<CaNode>;
	rootNode: CaNode;
	intermediateNode: CaNode;
}

export interface CaNode {
	certificate: x509.X509Certificate;
	keys: CryptoKeyPair;
}

function serial(): string {
	return (
		'01' +
		Array.from(crypto.getRandomValues(new Uint8Array(15)), (b) =>
			b.toString(16).padStart(2, '0')
		).join('')
	);
}

async function caNode(name: string, signer: CaNode | null): Promise<CaNode> {
	const keys = await crypto.subtle.generateKey(SIGNING, false, ['sign', 'verify']);
	const now = Date.now();
	const certificate = await x509.X509CertificateGenerator.create({
		serialNumber: serial(),
		subject: name,
		issuer: signer?.certificate.subjectName ?? name,
		notBefore: new Date(now - DAY),
		notAfter: new Date(now + 3650 * DAY),
		publicKey: keys.publicKey,
		signingKey: signer?.keys.privateKey ?? keys.privateKey,
		signingAlgorithm: SIGNING,
		extensions: [
			new x509.BasicConstraintsExtension(true, undefined, true),
			new x509.KeyUsagesExtension(
				x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
				true
			),
			await x509.SubjectKeyIdentifierExtension.create(keys.publicKey)
		]
	});
	return { certificate, keys };
}

export async function createTestCa(label = 'PKI Test'): Promise<TestCa> {
	const rootNode = await caNode(`C=NL, O=${label}, CN=${label} Root CA`, null);
	const intermediateNode = await caNode(`C=NL, O=${label}, CN=${label} Issuing CA`, rootNode);
	return {
		root: rootNode.certificate,
		intermediate: intermediateNode.certificate,
		rootNode,
		intermediateNode,
		subordinate: caNode,
		async issue(params) {
			const signer = params.issuer === 'root' ? rootNode : intermediateNode;
			const now = Date.now();
			return x509.X509CertificateGenerator.create({
				serialNumber: serial(),
				subject: buildName(params.subject),
				issuer: signer.certificate.subjectName,
				notBefore: params.notBefore ?? new Date(now - 60_000),
				notAfter: params.notAfter ?? new Date(now + 365 * DAY),
				publicKey: params.publicKey,
				signingKey: signer.keys.privateKey,
				signingAlgorithm: SIGNING,
				extensions: [
					new x509.BasicConstraintsExtension(false, undefined, true),
					new x509.KeyUsagesExtension(
						x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
						true
					),
					new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.4', '1.3.6.1.5.5.7.3.2']),
					buildSubjectAltNameExtension(params.subjectAltNames)
				]
			});
		}
	};
}

/** A PKIoverheid-like subject with every attribute type and non-ASCII text. */
export const SUBJECT: SubjectAttribute[] = [
	{ type: 'C', value: 'NL' },
	{ type: 'ST', value: 'Zuid-Holland' },
	{ type: 'L', value: "'s-Gravenhage" },
	{ type: 'O', value: 'Ëxample Überbedrijf B.V.' },
	{ type: 'OU', value: 'Afdeling Çertificaten' },
	{ type: 'organizationIdentifier', value: 'NTRNL-00000003123456780000' },
	{ type: 'serialNumber', value: '00000003123456780000' },
	{ type: 'CN', value: 'Zoë Ångström' },
	{ type: 'emailAddress', value: 'zoe@example.nl' }
];

export const SUBJECT_ALT_NAMES: SubjectAltName[] = [
	{ type: 'email', value: 'zoe@example.nl' },
	{ type: 'dns', value: 'www.example.nl' }
];
