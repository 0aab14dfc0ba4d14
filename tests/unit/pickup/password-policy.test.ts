import { describe, expect, it } from 'vitest';
import type { CertificatePasswordPolicy } from '../../../src/lib/api/types';
import {
	checkPassword,
	javaCanOpenWith,
	meetsPolicy
} from '../../../src/lib/pickup/password-policy';

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
