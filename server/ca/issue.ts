/**
 * Signs an applicant's certificate (RFC 5280). Everything in it comes from the order and its
 * product profile (subject, SANs, key usage, extended key usage, validity); the request contributes
 * only its public key, already checked against the order by the PKI core.
 *
 * The TBSCertificate is written directly in DER: issuance is the server's hot path, and the parts
 * that never change for a CA and profile (key usage, extended key usage, basic constraints,
 * authority key identifier, AIA, CRL distribution point) are encoded once and reused.
 */
import { createHash } from 'node:crypto';
import type { SubjectAltName } from '../../src/lib/domain/subject-alt-names.ts';
import { buildNameDer } from '../../src/lib/pki/name.ts';
import * as x509 from '../../src/lib/pki/x509.ts';
import { addMonths } from '../calendar.ts';
import type { ProductProfile } from '../catalog.ts';
import type { IssuedCertificate, LeafRequest } from '../issuers/issuer.ts';
import { extendedKeyUsageOids, keyUsageFor } from '../issuers/usage.ts';
import type { IssuingCa } from './authority.ts';
import {
	bitString,
	explicit,
	ia5Implicit,
	octetString,
	sequence,
	time,
	unsignedInteger
} from '../../src/lib/pki/der-writer.ts';
import { randomSerial } from './serial.ts';

export interface CaUrls {
	issuerUrl?: string;
	ocspUrl?: string;
	crlUrl?: string;
}

const SUBJECT_KEY_IDENTIFIER_OID = new Uint8Array([0x06, 0x03, 0x55, 0x1d, 0x0e]);
const SUBJECT_ALT_NAME_OID = new Uint8Array([0x06, 0x03, 0x55, 0x1d, 0x11]);
// GeneralName tags (RFC 5280 section 4.2.1.6): rfc822Name [1], dNSName [2].
const GENERAL_NAME_TAG = { email: 1, dns: 2 } as const;
const VERSION_3 = explicit(0, unsignedInteger(new Uint8Array([2])));

// Tolerates a relying party's clock running a little behind the CA's.
const BACKDATE_MS = 5 * 60 * 1000;

export async function issueLeaf(
	ca: IssuingCa,
	request: LeafRequest,
	urls: CaUrls,
	now = new Date()
): Promise<IssuedCertificate> {
	const notBefore = wholeSeconds(new Date(now.getTime() - BACKDATE_MS));
	const notAfter = wholeSeconds(
		minDate(addMonths(now, request.validityMonths), ca.certificate.notAfter)
	);
	const serial = randomSerial();
	const extensions = [
		...fixedExtensions(ca, request.profile, request.keyAlgorithm.startsWith('RSA'), urls),
		subjectAltName(request.subjectAltNames),
		subjectKeyIdentifier(request.spki)
	];
	const tbs = sequence(
		VERSION_3,
		unsignedInteger(serial),
		ca.signer.algorithmIdentifier,
		ca.subjectDer,
		sequence(time(notBefore), time(notAfter)),
		buildNameDer(request.subject),
		request.spki,
		explicit(3, sequence(...extensions))
	);
	const der = sequence(tbs, ca.signer.algorithmIdentifier, bitString(ca.signer.sign(tbs)));
	return { serialHex: Buffer.from(serial).toString('hex'), der, notBefore, notAfter };
}

const fixedCache = new WeakMap<IssuingCa, Map<string, Uint8Array[]>>();

function fixedExtensions(
	ca: IssuingCa,
	profile: ProductProfile,
	rsa: boolean,
	urls: CaUrls
): Uint8Array[] {
	const perCa = fixedCache.get(ca) ?? new Map<string, Uint8Array[]>();
	fixedCache.set(ca, perCa);
	const key = JSON.stringify([profile.id, rsa, urls.issuerUrl, urls.ocspUrl, urls.crlUrl]);
	let cached = perCa.get(key);
	if (!cached) {
		cached = encodeFixedExtensions(ca, profile, rsa, urls);
		perCa.set(key, cached);
	}
	return cached;
}

function encodeFixedExtensions(
	ca: IssuingCa,
	profile: ProductProfile,
	rsa: boolean,
	urls: CaUrls
): Uint8Array[] {
	const ski = ca.certificate.getExtension(x509.SubjectKeyIdentifierExtension);
	if (!ski) throw new Error('the issuing CA certificate has no subject key identifier');
	const list: x509.Extension[] = [
		new x509.BasicConstraintsExtension(false, undefined, true),
		new x509.KeyUsagesExtension(keyUsageFor(profile, rsa), true),
		new x509.ExtendedKeyUsageExtension(extendedKeyUsageOids(profile), false),
		new x509.AuthorityKeyIdentifierExtension(ski.keyId)
	];
	if (urls.issuerUrl || urls.ocspUrl) {
		list.push(
			new x509.AuthorityInfoAccessExtension({
				caIssuers: urls.issuerUrl ? [urls.issuerUrl] : [],
				ocsp: urls.ocspUrl ? [urls.ocspUrl] : []
			})
		);
	}
	if (urls.crlUrl) list.push(new x509.CRLDistributionPointsExtension([urls.crlUrl]));
	return list.map((extension) => new Uint8Array(extension.rawData));
}

/** Non-critical: section 4.2.1.6 asks for critical only when the subject is empty, which an order's never is. */
function subjectAltName(names: readonly SubjectAltName[]): Uint8Array {
	const generalNames = names.map(({ type, value }) => ia5Implicit(GENERAL_NAME_TAG[type], value));
	return sequence(SUBJECT_ALT_NAME_OID, octetString(sequence(...generalNames)));
}

/** RFC 7093 section 2 method 4: a hash of the whole SubjectPublicKeyInfo (SHA-256, first 160 bits). */
function subjectKeyIdentifier(spki: Uint8Array): Uint8Array {
	const keyId = createHash('sha256').update(spki).digest().subarray(0, 20);
	return sequence(SUBJECT_KEY_IDENTIFIER_OID, octetString(octetString(keyId)));
}

function minDate(a: Date, b: Date): Date {
	return a.getTime() <= b.getTime() ? a : b;
}

function wholeSeconds(date: Date): Date {
	return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
