import { describe, expect, it } from 'vitest';
import type { CertificatePasswordPolicy } from '../../../src/lib/api/types.ts';
import {
	canSuggestPassphrase,
	generatePassphrase,
	PASSPHRASE_ALPHABET,
	passphraseBits
} from '../../../src/lib/pickup/passphrase.ts';
import { meetsPolicy, meetsTargetLimits } from '../../../src/lib/pickup/password-policy.ts';
import { USE_TARGET_IDS } from '../../../src/lib/pickup/use-target.ts';

const policy = (changes: Partial<CertificatePasswordPolicy>): CertificatePasswordPolicy => ({
	id: 'test',
	minLength: 12,
	maxLength: 128,
	lettersAndDigitsOnly: false,
	requiredCharacterClasses: 0,
	...changes
});
const POLICIES = {
	'letters and digits, 12 to 128': policy({ lettersAndDigitsOnly: true }),
	'3 of 4 classes, 12 to 72': policy({ maxLength: 72, requiredCharacterClasses: 3 }),
	'all 4 classes': policy({ requiredCharacterClasses: 4 }),
	'letters and digits, 3 classes, at least 26': policy({
		minLength: 26,
		lettersAndDigitsOnly: true,
		requiredCharacterClasses: 3
	}),
	'at most 21': policy({ maxLength: 21, requiredCharacterClasses: 4 })
};
const DRAWS = 1000;

describe('generatePassphrase', () => {
	for (const [name, rules] of Object.entries(POLICIES)) {
		it(`meets "${name}" and every target's limits, 20 to 31 ASCII characters, ${DRAWS} times, never twice the same`, () => {
			const seen = new Set<string>();
			const problems: string[] = [];
			for (let draw = 0; draw < DRAWS; draw++) {
				const passphrase = generatePassphrase(rules) ?? '';
				const outside = [...passphrase.replaceAll('-', '')].filter(
					(character) => !PASSPHRASE_ALPHABET.includes(character)
				);
				const failedTargets = USE_TARGET_IDS.filter(
					(target) => !meetsTargetLimits(passphrase, rules, target)
				);
				if (!meetsPolicy(passphrase, rules)) problems.push(`${passphrase}: policy`);
				if (failedTargets.length > 0) problems.push(`${passphrase}: ${failedTargets.join()}`);
				if (passphrase.length < 20 || passphrase.length > 31)
					problems.push(`${passphrase}: length`);
				if (!/^[\x21-\x7e]+$/.test(passphrase) || outside.length > 0)
					problems.push(`${passphrase}: alphabet`);
				if (passphraseBits(passphrase) < 80) problems.push(`${passphrase}: bits`);
				seen.add(passphrase);
			}
			expect(problems).toEqual([]);
			expect(seen.size).toBe(DRAWS);
		});
	}

	it('groups five characters with a hyphen where symbols are allowed, and runs them together where not', () => {
		expect(generatePassphrase(POLICIES['3 of 4 classes, 12 to 72'])).toMatch(
			/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/
		);
		expect(generatePassphrase(POLICIES['letters and digits, 12 to 128'])).toMatch(
			/^[A-Za-z0-9]{20}$/
		);
	});

	it('leaves out the look-alikes 0 O o 1 l I', () => {
		expect(PASSPHRASE_ALPHABET).not.toMatch(/[0Oo1lI]/);
		expect(new Set(PASSPHRASE_ALPHABET).size).toBe(PASSPHRASE_ALPHABET.length);
	});

	it('draws from the random source without modulo bias: bytes beyond the last full alphabet are skipped', () => {
		const biased = 256 - (256 % PASSPHRASE_ALPHABET.length);
		const bytes = [biased, 255, 0, 25, 50];
		let next = 0;
		const random = (array: Uint8Array<ArrayBuffer>) => {
			array[0] = bytes[next++ % bytes.length] ?? 0;
			return array;
		};
		const passphrase = generatePassphrase(policy({ lettersAndDigitsOnly: true }), random);
		expect(passphrase?.startsWith('aB4a')).toBe(true);
	});

	it.each([
		['a maximum under 20 characters', policy({ maxLength: 16 })],
		['a minimum over 31 characters', policy({ minLength: 32 })],
		[
			'four classes without symbols',
			policy({ lettersAndDigitsOnly: true, requiredCharacterClasses: 4 })
		]
	])('offers none under %s', (_name, rules) => {
		expect(canSuggestPassphrase(rules)).toBe(false);
		expect(generatePassphrase(rules)).toBeNull();
	});
});
