/**
 * The lazily loaded crypto chunk (see crypto.ts): src/lib/pki plus the two presentation helpers
 * the Done step needs, so the first screen never pulls in pkijs or x509.
 */
import { encodePem } from '../pki/pem';
import { X509Certificate } from '../pki/x509';
import type { CertificateDetails } from './state';

export { createCsr } from '../pki/csr';
export { verifyIssuedChain } from '../pki/chain';
export { exportPkcs8, generateKeyPair } from '../pki/keys';
export { buildPkcs12 } from '../pki/pkcs12';

export function toPem(certificates: Uint8Array[]): string {
	return certificates.map((der) => encodePem('CERTIFICATE', der)).join('');
}

export async function describeCertificate(der: Uint8Array): Promise<CertificateDetails> {
	const certificate = new X509Certificate(der as Uint8Array<ArrayBuffer>);
	const fingerprint = new Uint8Array(await certificate.getThumbprint('SHA-256'));
	return {
		subject: certificate.subject,
		issuer: certificate.issuer,
		serialNumber: certificate.serialNumber,
		notBefore: certificate.notBefore.toISOString(),
		notAfter: certificate.notAfter.toISOString(),
		sha256Fingerprint: [...fingerprint]
			.map((byte) => byte.toString(16).padStart(2, '0').toUpperCase())
			.join(':')
	};
}
