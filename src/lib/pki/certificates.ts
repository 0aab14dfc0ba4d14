/**
 * Certificates as a CA hands them out: PEM (one or many blocks, RFC 7468), DER, or a PKCS#7 /
 * CMS certs-only SignedData (RFC 5652 section 5, as EST returns it per RFC 7030 section 4.1.3),
 * in DER, PEM or bare base64.
 */
import { equalBytes, fromBase64, latin1, toArrayBuffer } from './bytes.ts';
import { DerReader } from './der.ts';
import { assertMaxSize, PkiError } from './errors.ts';
import { OID } from './oids.ts';
import { decodePem, isPem } from './pem.ts';
import { X509Certificate } from './x509.ts';

/** Far above any real chain (a few kilobytes a certificate), far below what would stall a tab. */
export const MAX_CERTIFICATE_INPUT_BYTES = 1024 * 1024;
/** Real chains have 2 to 4 certificates; cross-signed bundles rarely exceed 10. */
export const MAX_CERTIFICATES = 20;

const PEM_CERTIFICATE_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE']);
const PEM_PKCS7_LABELS = new Set(['PKCS7', 'CMS']);

const der: DerReader = new DerReader('certificate_malformed', 'certificates');

/** A DER Certificate starts SEQUENCE { SEQUENCE tbs ...}; a ContentInfo SEQUENCE { OID ... }. */
function isContentInfo(bytes: Uint8Array): boolean {
	const [first] = der.sequence(der.parse(bytes), 1);
	return first?.idBlock.tagClass === 1 && first.idBlock.tagNumber === 6;
}

/** The certificates field of a SignedData, byte for byte as the CA encoded them. */
function certificatesOfPkcs7(bytes: Uint8Array): Uint8Array[] {
	const [contentType, content] = der.sequence(der.parse(bytes), 2, 2);
	if (der.oid(contentType) !== OID.signedData) der.fail('PKCS#7 content is not SignedData');
	const fields = der.sequence(der.explicit(content, 0), 4);
	const set = fields.find((field) => der.isContext(field, 0));
	if (!set) return [];
	return der.children(set).map((certificate) => {
		// Other CertificateChoices (attribute certificates, [0]..[3]) are never part of a chain.
		der.sequence(certificate);
		return der.raw(certificate);
	});
}

function certificatesOfDer(bytes: Uint8Array): Uint8Array[] {
	return isContentInfo(bytes) ? certificatesOfPkcs7(bytes) : [bytes];
}

function certificatesOfText(text: string): Uint8Array[] {
	if (!isPem(text)) {
		const bytes = fromBase64(text);
		if (!bytes) throw new PkiError('certificate_malformed', 'neither PEM, DER nor base64');
		return certificatesOfDer(bytes);
	}
	return decodePem(text, 'certificate_malformed').flatMap(({ label, der: bytes }) => {
		if (PEM_CERTIFICATE_LABELS.has(label)) return [bytes];
		if (PEM_PKCS7_LABELS.has(label)) return certificatesOfPkcs7(bytes);
		throw new PkiError('certificate_malformed', `unexpected PEM block ${label}`);
	});
}

/** Every distinct certificate in the input, in input order. */
export function parseCertificates(input: string | Uint8Array): X509Certificate[] {
	assertMaxSize(input, MAX_CERTIFICATE_INPUT_BYTES, 'certificate input');
	const blobs =
		input instanceof Uint8Array && input[0] === 0x30
			? certificatesOfDer(input)
			: certificatesOfText(typeof input === 'string' ? input : latin1(input));
	// Counted before de-duplication, which is quadratic.
	if (blobs.length > MAX_CERTIFICATES) {
		throw new PkiError('input_too_large', `more than ${MAX_CERTIFICATES} certificates`);
	}
	const unique = blobs.filter((blob, i) => blobs.findIndex((b) => equalBytes(b, blob)) === i);
	if (unique.length === 0) throw new PkiError('certificate_malformed', 'no certificate found');
	return unique.map((blob) => {
		der.sequence(der.parse(blob), 3, 3);
		try {
			const certificate = new X509Certificate(toArrayBuffer(blob));
			// x509 decodes these lazily; decoding them here keeps later failures out of the chain code.
			void [certificate.extensions, certificate.subjectName, certificate.issuerName];
			void [certificate.publicKey, certificate.notBefore, certificate.notAfter];
			return certificate;
		} catch (error) {
			throw new PkiError('certificate_malformed', 'not an X.509 certificate', { cause: error });
		}
	});
}
