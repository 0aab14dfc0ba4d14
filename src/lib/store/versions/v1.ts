/**
 * A stored pickup as the first released app wrote it, without a schemaVersion. Frozen: never edit
 * it; a change to what is stored is a new version with a migration from this one. The order is a
 * copy of the fields the server sent then, so a change to the wire types cannot change what an
 * old record is read as.
 */
import {
	count,
	flag,
	listOf,
	oneOf,
	optional,
	shape,
	text,
	timestamp,
	bytes,
	type Fields
} from '../check.ts';

export type KeyAlgorithmV1 = 'RSA-2048' | 'RSA-3072' | 'RSA-4096' | 'P-256' | 'P-384';

export interface KeyChoiceV1 {
	algorithm: KeyAlgorithmV1;
	profile: 'modern' | 'legacy';
}

export interface OrderV1 {
	orderId: string;
	status:
		| 'awaiting_pickup'
		| 'request_received'
		| 'pending'
		| 'issued'
		| 'collected'
		| 'expired'
		| 'cancelled'
		| 'locked';
	product: { id: string; name: string };
	subject: {
		type:
			| 'C'
			| 'ST'
			| 'L'
			| 'O'
			| 'OU'
			| 'CN'
			| 'serialNumber'
			| 'emailAddress'
			| 'organizationIdentifier';
		value: string;
	}[];
	subjectAltNames: ({ type: 'email'; value: string } | { type: 'dns'; value: string })[];
	validityMonths: number;
	issuer: string;
	pickupDeadline: string;
	isReissue: boolean;
	keyPolicy: { allowed: KeyAlgorithmV1[]; recommended: KeyAlgorithmV1 };
	passwordPolicy: {
		id: string;
		minLength: number;
		maxLength: number;
		lettersAndDigitsOnly: boolean;
		requiredCharacterClasses: number;
	};
	agreement: { version: string; title: string; text: string; sha256: string };
	pickupAttemptsLeft: number;
	contact: string;
}

export type StepV1 =
	| 'review'
	| 'pickup-password'
	| 'certificate-password'
	| 'agreement'
	| 'key-options'
	/** The key is wrapped and stored and the request is made; it may not have reached the server. */
	| 'requested'
	/** The CA answered "pending"; polling goes on. */
	| 'pending'
	/** The chain arrived and is stored; the file can be built from the wrapped key. */
	| 'issued'
	| 'done';

export interface PickupRecordV1 {
	orderId: string;
	/** The e-mailed link's secret: lets a resumed pickup read the order and fetch the public certificate. */
	linkSecret: string;
	order: OrderV1;
	step: StepV1;
	agreement?: { version: string; acceptedAt: string };
	keyChoice?: KeyChoiceV1;
	/** PKCS#8 wrapped by src/lib/pki/key-wrap under the certificate password. */
	wrappedKey?: Uint8Array;
	csrPem?: string;
	chainPem?: string;
	retryAfterSeconds?: number;
	/**
	 * The short-lived session a correct pickup password opened (server default: 30 minutes). Kept
	 * so that a request prepared offline goes out after a reload or browser restart without the
	 * pickup password being asked again; it can only send a request for this order.
	 */
	session?: { token: string; expiresAt: string };
	createdAt: string;
	updatedAt: string;
}

const keyAlgorithm = oneOf('RSA-2048', 'RSA-3072', 'RSA-4096', 'P-256', 'P-384');

const checkOrderV1 = shape<OrderV1>({
	orderId: text,
	status: oneOf(
		'awaiting_pickup',
		'request_received',
		'pending',
		'issued',
		'collected',
		'expired',
		'cancelled',
		'locked'
	),
	product: shape({ id: text, name: text }),
	subject: listOf(
		shape({
			type: oneOf(
				'C',
				'ST',
				'L',
				'O',
				'OU',
				'CN',
				'serialNumber',
				'emailAddress',
				'organizationIdentifier'
			),
			value: text
		})
	),
	subjectAltNames: listOf(shape({ type: oneOf('email', 'dns'), value: text })),
	validityMonths: count,
	issuer: text,
	pickupDeadline: timestamp,
	isReissue: flag,
	keyPolicy: shape({ allowed: listOf(keyAlgorithm), recommended: keyAlgorithm }),
	passwordPolicy: shape({
		id: text,
		minLength: count,
		maxLength: count,
		lettersAndDigitsOnly: flag,
		requiredCharacterClasses: count
	}),
	agreement: shape({ version: text, title: text, text, sha256: text }),
	pickupAttemptsLeft: count,
	contact: text
});

export const PICKUP_V1_FIELDS: Fields<PickupRecordV1> = {
	orderId: text,
	linkSecret: text,
	order: checkOrderV1,
	step: oneOf(
		'review',
		'pickup-password',
		'certificate-password',
		'agreement',
		'key-options',
		'requested',
		'pending',
		'issued',
		'done'
	),
	agreement: optional(shape({ version: text, acceptedAt: timestamp })),
	keyChoice: optional(shape({ algorithm: keyAlgorithm, profile: oneOf('modern', 'legacy') })),
	wrappedKey: optional(bytes),
	csrPem: optional(text),
	chainPem: optional(text),
	retryAfterSeconds: optional(count),
	session: optional(shape({ token: text, expiresAt: timestamp })),
	createdAt: timestamp,
	updatedAt: timestamp
};

export const checkPickupV1 = shape<PickupRecordV1>(PICKUP_V1_FIELDS);
