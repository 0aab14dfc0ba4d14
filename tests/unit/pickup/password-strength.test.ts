import { describe, expect, it } from 'vitest';
import { passwordStrength } from '../../../src/lib/pickup/password-strength.ts';

describe('passwordStrength', () => {
	it('rates keyboard walks and repeats as weak', () => {
		expect(passwordStrength('qwertyuiop12', [])).toBeLessThanOrEqual(1);
		expect(passwordStrength('aaaaaaaaaaaa', [])).toBe(0);
	});

	it('rates a password built from the order holder name lower than a random one', () => {
		const words = ['Jan Peeters', 'Example BV', 'jan@example.be'];
		expect(passwordStrength('JanPeeters2026', words)).toBeLessThan(
			passwordStrength('vK7rTq2mWz9x', words)
		);
	});

	it('rates a long random password as strong', () => {
		expect(passwordStrength('c9Vb2XwQ7mLp4Rt8', [])).toBe(4);
	});

	it('gives an empty password zero', () => {
		expect(passwordStrength('', [])).toBe(0);
	});
});
