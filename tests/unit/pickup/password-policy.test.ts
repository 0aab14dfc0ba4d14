import { describe, expect, it } from 'vitest';
import type { CertificatePasswordPolicy } from '../../../src/lib/api/types.ts';
import {
	checkPassword,
	checkTargetLimits,
	javaCanOpenWith,
	meetsPolicy,
	meetsTargetLimits
} from '../../../src/lib/pickup/password-policy.ts';

const LETTERS_DIGITS: CertificatePasswordPolicy = {
	id: 'letters-digits-12',
	minLength: 12,
	maxLength: 128,
	lettersAndDigitsOnly: true,
	requiredCharacterClasses: 0
};
const THREE_OF_FOUR: CertificatePasswordPolicy = {
	id: 'classes-3-of-4',
	minLength: 12,
	maxLength: 72,
	lettersAndDigitsOnly: false,
	requiredCharacterClasses: 3
};

describe('checkPassword', () => {
	it('lists every rule of the policy with whether it is met', () => {
		expect(checkPassword('short', LETTERS_DIGITS)).toEqual([
			{ rule: { rule: 'min_length', min: 12 }, met: false },
			{ rule: { rule: 'max_length', max: 128 }, met: true },
			{ rule: { rule: 'letters_digits_only' }, met: true }
		]);
	});

	it('counts characters, not UTF-16 units', () => {
		const eleven = '😀'.repeat(11);
		expect(checkPassword(eleven, THREE_OF_FOUR)[0]?.met).toBe(false);
	});

	it('accepts letters and digits only under the letters-and-digits policy', () => {
		expect(meetsPolicy('Abcdefgh1234', LETTERS_DIGITS)).toBe(true);
		expect(meetsPolicy('Abcdefgh-1234', LETTERS_DIGITS)).toBe(false);
		expect(meetsPolicy('Àbcdefgh1234', LETTERS_DIGITS)).toBe(false);
	});

	it('needs three character classes under the 3-of-4 policy', () => {
		expect(meetsPolicy('abcdefghijkl', THREE_OF_FOUR)).toBe(false);
		expect(meetsPolicy('abcdefghijK1', THREE_OF_FOUR)).toBe(true);
		expect(meetsPolicy('abcdefghij-1', THREE_OF_FOUR)).toBe(true);
		expect(meetsPolicy('a'.repeat(70) + 'B1!', THREE_OF_FOUR)).toBe(false);
	});
});

describe('javaCanOpenWith', () => {
	it('takes printable ASCII, space and symbols included', () => {
		expect(javaCanOpenWith('Abc def-1234!~')).toBe(true);
		expect(javaCanOpenWith('')).toBe(true);
	});

	it('refuses what Java refuses: letters beyond ASCII, emoji, control characters', () => {
		for (const password of [
			'Wachtwoord-ß-2024',
			'café12345678',
			'Key😀2024abcd',
			'tab\there',
			'del\x7f'
		])
			expect(javaCanOpenWith(password), password).toBe(false);
	});
});

describe('checkTargetLimits', () => {
	it('adds the Linux desktop length limit as a rule, met up to 31 characters', () => {
		expect(checkTargetLimits('a'.repeat(31), THREE_OF_FOUR, 'linux')).toEqual([
			{ rule: { rule: 'target_max_length', max: 31, target: 'linux' }, met: true }
		]);
		expect(meetsTargetLimits('a'.repeat(32), THREE_OF_FOUR, 'linux')).toBe(false);
		expect(meetsTargetLimits('😀'.repeat(31), THREE_OF_FOUR, 'linux')).toBe(true);
	});

	it('adds the ASCII rule for Java, met by printable ASCII only', () => {
		expect(checkTargetLimits('Abc def-1234!~', THREE_OF_FOUR, 'java')).toEqual([
			{ rule: { rule: 'target_ascii_only', target: 'java' }, met: true }
		]);
		expect(meetsTargetLimits('Wachtwoord-ß-2024', THREE_OF_FOUR, 'java')).toBe(false);
	});

	it('adds both for an unknown target, and none for Windows', () => {
		expect(checkTargetLimits('x', THREE_OF_FOUR, 'other').map((check) => check.rule.rule)).toEqual([
			'target_max_length',
			'target_ascii_only'
		]);
		expect(checkTargetLimits('Wachtwoord-ß-'.repeat(4), THREE_OF_FOUR, 'windows')).toEqual([]);
	});

	it('leaves out a limit the order already sets more strictly', () => {
		const short: CertificatePasswordPolicy = { ...THREE_OF_FOUR, maxLength: 24 };
		expect(checkTargetLimits('x', short, 'other').map((check) => check.rule.rule)).toEqual([
			'target_ascii_only'
		]);
		expect(checkTargetLimits('x', LETTERS_DIGITS, 'java')).toEqual([]);
	});
});
