/**
 * The pickup API's wire types, shared by the app and the reference server so both sides
 * agree at compile time. Described for other implementers in docs/api.md and docs/openapi.yaml.
 * The names they share with the PKI core and the stored pickup live in src/lib/domain.
 */
import type { KeyAlgorithmName } from '../domain/key-algorithms.ts';
import type { OrderStatus } from '../domain/order-statuses.ts';
import type { ProblemCode } from '../domain/problem-codes.ts';
import type { SubjectAltName } from '../domain/subject-alt-names.ts';
import type { SubjectAttribute } from '../domain/subject-attributes.ts';

export interface CertificatePasswordPolicy {
	id: string;
	minLength: number;
	maxLength: number;
	/** Only ASCII letters and digits are allowed. */
	lettersAndDigitsOnly: boolean;
	/** How many of lowercase, uppercase, digit, symbol must appear (0 = no rule). */
	requiredCharacterClasses: number;
}

export interface SubscriberAgreement {
	version: string;
	title: string;
	text: string;
	sha256: string;
}

/** What the link secret alone reveals: enough to review the order, nothing to act on it. */
export interface OrderSummary {
	orderId: string;
	status: OrderStatus;
	product: { id: string; name: string };
	subject: SubjectAttribute[];
	subjectAltNames: SubjectAltName[];
	validityMonths: number;
	issuer: string;
	pickupDeadline: string;
	isReissue: boolean;
	keyPolicy: { allowed: KeyAlgorithmName[]; recommended: KeyAlgorithmName };
	passwordPolicy: CertificatePasswordPolicy;
	agreement: SubscriberAgreement;
	pickupAttemptsLeft: number;
	contact: string;
}

export interface SessionRequest {
	linkSecret: string;
	pickupPassword: string;
}

export interface SessionGrant {
	sessionToken: string;
	expiresAt: string;
}

export interface CertificateRequestBody {
	/** PKCS#10 in PEM. */
	csr: string;
	agreementVersion: string;
}

export type IssuanceResult =
	{ status: 'issued'; chainPem: string } | { status: 'pending'; retryAfterSeconds: number };

/** RFC 9457 problem details with the stable machine-readable code the app localizes. */
export interface Problem {
	type: string;
	title: string;
	status: number;
	code: ProblemCode;
	detail?: string;
	attemptsLeft?: number;
	retryAfterSeconds?: number;
}
