import type { CertificatePasswordPolicy } from '../api/types';

export type PasswordRule =
	| { rule: 'min_length'; min: number }
	| { rule: 'max_length'; max: number }
	| { rule: 'letters_digits_only' }
	| { rule: 'character_classes'; required: number };

export interface RuleCheck {
	rule: PasswordRule;
	met: boolean;
}

const CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/];

/** The order's certificate-password rules, each with whether the candidate meets it: the live checklist. */
export function checkPassword(password: string, policy: CertificatePasswordPolicy): RuleCheck[] {
	const length = [...password].length;
	const checks: RuleCheck[] = [
		{ rule: { rule: 'min_length', min: policy.minLength }, met: length >= policy.minLength },
		{ rule: { rule: 'max_length', max: policy.maxLength }, met: length <= policy.maxLength }
	];
	if (policy.lettersAndDigitsOnly) {
		checks.push({ rule: { rule: 'letters_digits_only' }, met: /^[A-Za-z0-9]*$/.test(password) });
	}
	if (policy.requiredCharacterClasses > 0) {
		const present = CLASSES.filter((pattern) => pattern.test(password)).length;
		checks.push({
			rule: { rule: 'character_classes', required: policy.requiredCharacterClasses },
			met: present >= policy.requiredCharacterClasses
		});
	}
	return checks;
}

export function meetsPolicy(password: string, policy: CertificatePasswordPolicy): boolean {
	return checkPassword(password, policy).every((check) => check.met);
}

/**
 * Whether Java can open a .p12 under this password. Java's PBE keys (com.sun.crypto.provider.
 * PBEKey) refuse any character outside printable ASCII, U+0020 to U+007E, with "Password is not
 * ASCII", whatever wrote the file (tests/interop/keytool.test.ts). Advice only: every other reader
 * takes Unicode passwords, so the app warns and does not forbid.
 */
export function javaCanOpenWith(password: string): boolean {
	return /^[\x20-\x7e]*$/.test(password);
}
