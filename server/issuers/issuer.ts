/**
 * Who signs the applicant's certificate. The built-in CA is the default; an operator with a CA of
 * their own plugs it in behind this interface (CFSSL is implemented; docs/deployment.md shows how
 * EJBCA or step-ca would fit). Whatever signs, the certificate's content comes from the order and
 * its product profile: the request contributes only its public key.
 */
import type { KeyAlgorithmName } from '../../src/lib/domain/key-algorithms.ts';
import type { SubjectAltName } from '../../src/lib/domain/subject-alt-names.ts';
import type { SubjectAttribute } from '../../src/lib/domain/subject-attributes.ts';
import type { ProductProfile } from '../catalog.ts';

export interface LeafRequest {
	subject: SubjectAttribute[];
	subjectAltNames: SubjectAltName[];
	/** The request's SubjectPublicKeyInfo, already checked against the order. */
	spki: Uint8Array;
	keyAlgorithm: KeyAlgorithmName;
	/** The whole PKCS#10 request, for a CA that insists on a proof of possession of its own. */
	csrDer: Uint8Array;
	profile: ProductProfile;
	validityMonths: number;
}

export interface IssuedCertificate {
	serialHex: string;
	der: Uint8Array;
	notBefore: Date;
	notAfter: Date;
}

export interface Issuer {
	/** The issuing CA's distinguished name, shown to the applicant before the pickup. */
	readonly name: string;
	/** The issuing CA's certificate, then those above it up to the root (PEM). */
	readonly chainPem: string;
	issue(request: LeafRequest, now: Date): Promise<IssuedCertificate>;
	/** Resolves when the issuer can issue now; rejects with the reason when not (/readyz). */
	ready(): Promise<void>;
}

/** The CA cannot be reached or is overloaded: nothing was issued, and asking again later may work. */
export class IssuerUnavailable extends Error {
	readonly retryAfterSeconds: number;

	constructor(message: string, retryAfterSeconds: number, options?: ErrorOptions) {
		super(message, options);
		this.name = 'IssuerUnavailable';
		this.retryAfterSeconds = retryAfterSeconds;
	}
}

/**
 * The CA refused the request, or answered with a certificate that does not fit the order: asking
 * again will not help until its operator acts.
 */
export class IssuerRefused extends Error {
	constructor(message: string, options?: ErrorOptions) {
		super(message, options);
		this.name = 'IssuerRefused';
	}
}
