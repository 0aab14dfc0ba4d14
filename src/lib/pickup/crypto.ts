import type {
	KeyAlgorithmName,
	Pkcs12Profile,
	SubjectAltName,
	SubjectAttribute
} from '../api/types';
import type { CertificateDetails } from './state';

/**
 * What the flow needs from src/lib/pki. It is loaded as a separate chunk (see crypto-chunk.ts)
 * while the applicant reads the order, so the first screen does not wait for pkijs and x509.
 */
export interface PickupCrypto {
	generateKeyPair(
		algorithm: KeyAlgorithmName,
		allowed: readonly KeyAlgorithmName[]
	): Promise<CryptoKeyPair>;
	exportPkcs8(key: CryptoKey): Promise<Uint8Array>;
	createCsr(params: {
		keys: CryptoKeyPair;
		subject: SubjectAttribute[];
		subjectAltNames: SubjectAltName[];
	}): Promise<string>;
	verifyIssuedChain(params: {
		chain: string;
		publicKey: CryptoKey;
		subject: SubjectAttribute[];
		subjectAltNames: SubjectAltName[];
	}): Promise<{ chainDer: Uint8Array[] }>;
	buildPkcs12(params: {
		privateKeyPkcs8: Uint8Array;
		chain: Uint8Array[];
		password: string;
		friendlyName: string;
		profile: Pkcs12Profile;
	}): Promise<Uint8Array>;
	toPem(certificates: Uint8Array[]): string;
	describeCertificate(der: Uint8Array): Promise<CertificateDetails>;
}

export const loadPickupCrypto = (): Promise<PickupCrypto> => import('./crypto-chunk');
