/**
 * The pickup API's wire types, shared by the app and the reference server so both sides
 * agree at compile time. Described for other implementers in docs/api.md and docs/openapi.yaml.
 */

/** X.520 / PKCS#9 attribute types an order's subject may carry, in the order they appear. */
export type SubjectAttributeType =
	'C' | 'ST' | 'L' | 'O' | 'OU' | 'CN' | 'serialNumber' | 'emailAddress' | 'organizationIdentifier';

export interface SubjectAttribute {
	type: SubjectAttributeType;
	value: string;
}

export type SubjectAltName = { type: 'email'; value: string } | { type: 'dns'; value: string };

export type KeyAlgorithmName = 'RSA-2048' | 'RSA-3072' | 'RSA-4096' | 'P-256' | 'P-384';

export type Pkcs12Profile = 'modern' | 'legacy';

export type OrderStatus =
	| 'awaiting_pickup'
	| 'request_received'
	| 'pending'
	| 'issued'
	| 'collected'
	| 'expired'
	| 'cancelled'
	| 'locked';

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

export type ProblemCode =
	| 'order_not_found'
	| 'link_invalid'
	| 'order_expired'
	| 'order_cancelled'
	| 'order_collected'
	| 'order_locked'
	| 'pickup_password_wrong'
	| 'session_invalid'
	| 'rate_limited'
	| 'agreement_version_mismatch'
	| 'csr_malformed'
	| 'csr_signature_invalid'
	| 'csr_subject_mismatch'
	| 'csr_key_not_allowed'
	| 'csr_already_used'
	| 'certificate_not_ready'
	| 'body_invalid'
	| 'body_too_large'
	| 'unsupported_media_type'
	| 'not_found'
	| 'ca_refused'
	| 'ca_unavailable'
	| 'internal'
	| 'service_unavailable';
