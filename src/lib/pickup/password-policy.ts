import type { CertificatePasswordPolicy } from '../api/types.ts';
import {
	limitsPassword,
	USE_TARGETS,
	type PasswordLimitedTarget,
	type UseTarget,
	type UseTargetAdvice
} from './use-target.ts';

export type PasswordRule =
	| { rule: 'min_length'; min: number }
	| { rule: 'max_length'; max: number }
	| { rule: 'letters_digits_only' }
	| { rule: 'character_classes'; required: number }
	| { rule: 'target_max_length'; max: number; target: PasswordLimitedTarget }
	| { rule: 'target_ascii_only'; target: PasswordLimitedTarget };

export interface RuleCheck {
	rule: PasswordRule;
	met: boolean;
}

const CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/];
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

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
 * The limits of the software where the file will be opened, as rules of their own, each only
 * where it is stricter than the order's policy: a password the policy allows may still be one
 * the applicant's importer refuses, and that shows only after the certificate is issued.
 */
export function checkTargetLimits(
	password: string,
	policy: CertificatePasswordPolicy,
	target: UseTarget
): RuleCheck[] {
	if (!limitsPassword(target)) return [];
	const { maxPasswordLength, asciiPasswordOnly }: UseTargetAdvice = USE_TARGETS[target];
	const checks: RuleCheck[] = [];
	if (maxPasswordLength !== null && maxPasswordLength < policy.maxLength) {
		checks.push({
			rule: { rule: 'target_max_length', max: maxPasswordLength, target },
			met: [...password].length <= maxPasswordLength
		});
	}
	if (asciiPasswordOnly && !policy.lettersAndDigitsOnly) {
		checks.push({
			rule: { rule: 'target_ascii_only', target },
			met: PRINTABLE_ASCII.test(password)
		});
	}
	return checks;
}

export function meetsTargetLimits(
	password: string,
	policy: CertificatePasswordPolicy,
	target: UseTarget
): boolean {
	return checkTargetLimits(password, policy, target).every((check) => check.met);
}

/**
 * Whether Java can open a .p12 under this password. Java's PBE keys (com.sun.crypto.provider.
 * PBEKey) refuse any character outside printable ASCII, U+0020 to U+007E, with "Password is not
 * ASCII", whatever wrote the file (tests/interop/keytool.test.ts). Advice only where the chosen
 * target has no ASCII rule of its own (checkTargetLimits): Windows, macOS and NSS take Unicode.
 */
export function javaCanOpenWith(password: string): boolean {
	return PRINTABLE_ASCII.test(password);
}
