/**
 * What a CA sells and under which rules: product profiles, certificate-password policies, key
 * algorithms and subscriber agreements. An order refers to these by id; the certificate's content
 * (key usage, extended key usage, which SANs) comes from the profile, never from the request.
 */
import type { CertificatePasswordPolicy, SubscriberAgreement } from '../src/lib/api/types.ts';
import { KEY_ALGORITHMS, type KeyAlgorithmName } from '../src/lib/domain/key-algorithms.ts';
import type { SubjectAttributeType } from '../src/lib/domain/subject-attributes.ts';
import { sha256 } from './secrets.ts';

export type ExtendedKeyUsage = 'serverAuth' | 'clientAuth' | 'emailProtection';

export interface ProductProfile {
	id: string;
	name: string;
	/** Subject attributes an order for this product must have. */
	requiredSubject: SubjectAttributeType[];
	/** Which kind of subjectAltName the certificate carries. */
	sanType: 'email' | 'dns';
	extendedKeyUsage: ExtendedKeyUsage[];
	/** RSA keys also get keyEncipherment (key transport: S/MIME, TLS RSA key exchange). */
	rsaKeyEncipherment: boolean;
	maxValidityMonths: number;
	defaultValidityMonths: number;
	defaultPasswordPolicy: string;
	defaultAgreement: string;
}

export const DEFAULT_KEY_POLICY: { allowed: KeyAlgorithmName[]; recommended: KeyAlgorithmName } = {
	allowed: [...KEY_ALGORITHMS],
	recommended: 'RSA-2048'
};

export const PRODUCTS: Readonly<Record<string, ProductProfile>> = {
	'personal-sign-pro': {
		id: 'personal-sign-pro',
		name: 'Personal certificate for signing, e-mail protection and client authentication',
		requiredSubject: ['CN', 'emailAddress'],
		sanType: 'email',
		extendedKeyUsage: ['emailProtection', 'clientAuth'],
		rsaKeyEncipherment: true,
		maxValidityMonths: 39,
		defaultValidityMonths: 36,
		defaultPasswordPolicy: 'letters-digits-12',
		defaultAgreement: 'subscriber-2026-01'
	},
	'org-tls-server': {
		id: 'org-tls-server',
		name: 'Organization TLS server certificate (private services)',
		requiredSubject: ['C', 'O', 'organizationIdentifier', 'CN'],
		sanType: 'dns',
		extendedKeyUsage: ['serverAuth', 'clientAuth'],
		rsaKeyEncipherment: true,
		maxValidityMonths: 39,
		defaultValidityMonths: 12,
		defaultPasswordPolicy: 'complex-12-72',
		defaultAgreement: 'subscriber-2026-01'
	},
	// No organizationIdentifier: a subject every CA's issuing API can express (CFSSL's cannot
	// carry that attribute, nor emailAddress).
	'tls-server': {
		id: 'tls-server',
		name: 'TLS server certificate (organization validated)',
		requiredSubject: ['C', 'O', 'CN'],
		sanType: 'dns',
		extendedKeyUsage: ['serverAuth', 'clientAuth'],
		rsaKeyEncipherment: true,
		maxValidityMonths: 13,
		defaultValidityMonths: 12,
		defaultPasswordPolicy: 'complex-12-72',
		defaultAgreement: 'subscriber-2026-01'
	}
};

export const PASSWORD_POLICIES: Readonly<Record<string, CertificatePasswordPolicy>> = {
	'letters-digits-12': {
		id: 'letters-digits-12',
		minLength: 12,
		maxLength: 128,
		lettersAndDigitsOnly: true,
		requiredCharacterClasses: 0
	},
	'complex-12-72': {
		id: 'complex-12-72',
		minLength: 12,
		maxLength: 72,
		lettersAndDigitsOnly: false,
		requiredCharacterClasses: 3
	}
};

const AGREEMENT_TEXTS: Record<string, { title: string; text: string }> = {
	'subscriber-2026-01': {
		title: 'Subscriber agreement',
		text: [
			'1. You confirm that the information in this order is correct and that you are the person or the representative of the organization named in it.',
			'2. You generate the private key yourself, on your own device, and keep it and the password that protects it under your sole control. Nobody at the certificate authority ever has a copy.',
			'3. You use the certificate only for the purposes of its product and stop using it when it expires or is revoked.',
			'4. You ask for revocation at once if the private key or its password may have become known to someone else, or if any information in the certificate is no longer correct.',
			'5. You understand that a lost private key or a forgotten certificate password cannot be recovered: the remedy is a reissue with a new key pair.'
		].join('\n\n')
	}
};

export const AGREEMENTS: Readonly<Record<string, SubscriberAgreement>> = Object.fromEntries(
	Object.entries(AGREEMENT_TEXTS).map(([version, { title, text }]) => [
		version,
		{ version, title, text, sha256: sha256(text).toString('hex') }
	])
);

export function product(id: string): ProductProfile {
	return lookup(PRODUCTS, id, 'product profile');
}

export function passwordPolicy(id: string): CertificatePasswordPolicy {
	return lookup(PASSWORD_POLICIES, id, 'password policy');
}

export function agreement(version: string): SubscriberAgreement {
	return lookup(AGREEMENTS, version, 'subscriber agreement');
}

function lookup<T>(table: Readonly<Record<string, T>>, id: string, what: string): T {
	const found = table[id];
	if (!found) throw new Error(`unknown ${what} "${id}" (known: ${Object.keys(table).join(', ')})`);
	return found;
}
