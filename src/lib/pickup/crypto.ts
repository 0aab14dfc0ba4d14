import type { OrderSummary } from '../api/types';
import type { KeyAlgorithmName } from '../domain/key-algorithms';
import type { Pkcs12Profile } from '../domain/pkcs12-profiles';
import type { SubjectAltName } from '../domain/subject-alt-names';
import type { SubjectAttribute } from '../domain/subject-attributes';
import type { CsrResult, PickupResult } from './state';

/**
 * What the flow needs from src/lib/pki. It is a separate chunk (crypto-chunk.ts), loaded while the
 * applicant reads the order, so the first screen does not wait for @peculiar/x509, asn1js and the
 * PKCS#12 code.
 */
export interface PickupCrypto {
	generateKeyPair(
		algorithm: KeyAlgorithmName,
		allowed: readonly KeyAlgorithmName[]
	): Promise<CryptoKeyPair>;
	exportPkcs8(key: CryptoKey): Promise<Uint8Array>;
	wrapPrivateKey(pkcs8: Uint8Array, password: string): Promise<Uint8Array>;
	unwrapPrivateKey(wrapped: Uint8Array, password: string): Promise<Uint8Array>;
	createCsr(params: {
		keys: CryptoKeyPair;
		subject: SubjectAttribute[];
		subjectAltNames: SubjectAltName[];
	}): Promise<string>;
	/** An uploaded PEM or DER request, checked against the order; returns it as PEM. */
	checkUploadedCsr(input: string | Uint8Array, order: OrderSummary): Promise<string>;
	/** Verifies the chain against the request's key and the order, then builds and self-checks the .p12. */
	pickupResult(params: {
		chainPem: string;
		csrPem: string;
		order: OrderSummary;
		privateKeyPkcs8: Uint8Array;
		password: string;
		profile: Pkcs12Profile;
	}): Promise<PickupResult>;
	/** Verifies the chain against the uploaded request and the order; offers it as .pem, .p7b and .cer. */
	csrResult(params: { chainPem: string; csrPem: string; order: OrderSummary }): Promise<CsrResult>;
}

export const loadPickupCrypto = (): Promise<PickupCrypto> => import('./crypto-chunk');
