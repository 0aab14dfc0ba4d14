import { describe, expect, it } from 'vitest';
import type { KeyAlgorithmName } from '../../../src/lib/domain/key-algorithms.ts';
import {
	isEllipticCurve,
	recommendedAlgorithm,
	recommendedKeyChoice,
	USE_TARGET_IDS,
	USE_TARGETS
} from '../../../src/lib/pickup/use-target.ts';
import { orderSummary } from '../components/fixtures.ts';

const ANY_KEY = orderSummary({
	keyPolicy: {
		allowed: ['RSA-4096', 'RSA-3072', 'RSA-2048', 'P-384', 'P-256'],
		recommended: 'P-256'
	}
});
const EC_ONLY = orderSummary({ keyPolicy: { allowed: ['P-256', 'P-384'], recommended: 'P-384' } });
const LARGE_RSA = orderSummary({
	keyPolicy: { allowed: ['RSA-4096', 'RSA-3072', 'P-256'], recommended: 'P-256' }
});

describe('the target table', () => {
	it('offers the answers of the question, ending with "other"', () => {
		expect(USE_TARGET_IDS).toEqual([
			'windows',
			'windows-older',
			'macos',
			'ios',
			'android',
			'linux',
			'firefox',
			'java',
			'signing',
			'other'
		]);
	});

	it('sends the systems that misread AES files to the legacy profile, and no other', () => {
		const legacy = USE_TARGET_IDS.filter((target) => USE_TARGETS[target].profile === 'legacy');
		expect(legacy).toEqual(['windows-older', 'macos', 'ios', 'android']);
	});

	it('keeps the consumers’ password limits: 31 characters for gcr and gpgsm, ASCII for Java', () => {
		expect(USE_TARGETS.linux.maxPasswordLength).toBe(31);
		expect(USE_TARGETS.other.maxPasswordLength).toBe(31);
		expect(USE_TARGETS.java.asciiPasswordOnly).toBe(true);
		expect(USE_TARGETS.signing.asciiPasswordOnly).toBe(true);
		expect(USE_TARGETS.other.asciiPasswordOnly).toBe(true);
		expect(USE_TARGETS.windows).toMatchObject({
			maxPasswordLength: null,
			asciiPasswordOnly: false
		});
		for (const target of USE_TARGET_IDS) {
			const limit = USE_TARGETS[target].maxPasswordLength;
			expect(limit === null || limit >= 20, target).toBe(true);
		}
	});
});

describe('recommendedKeyChoice', () => {
	it.each(USE_TARGET_IDS)('gives %s its profile and a key the order allows', (target) => {
		const choice = recommendedKeyChoice(target, ANY_KEY);
		expect(choice.profile).toBe(USE_TARGETS[target].profile);
		expect(ANY_KEY.keyPolicy.allowed).toContain(choice.algorithm);
	});

	it('recommends RSA-2048 with every legacy profile and for RSA-only software', () => {
		for (const target of USE_TARGET_IDS) {
			const { profile, rsaKey } = USE_TARGETS[target];
			const expected: KeyAlgorithmName = profile === 'legacy' || rsaKey ? 'RSA-2048' : 'P-256';
			expect(recommendedKeyChoice(target, ANY_KEY).algorithm, target).toBe(expected);
		}
	});

	it('takes the smallest RSA key the order allows, and the order’s own choice when it allows none', () => {
		expect(recommendedKeyChoice('macos', LARGE_RSA)).toEqual({
			algorithm: 'RSA-3072',
			profile: 'legacy'
		});
		expect(recommendedKeyChoice('macos', EC_ONLY)).toEqual({
			algorithm: 'P-384',
			profile: 'legacy'
		});
		expect(recommendedKeyChoice('windows', LARGE_RSA).algorithm).toBe('P-256');
	});
});

describe('recommendedAlgorithm', () => {
	it('moves the recommendation to RSA when the applicant picks the legacy profile by hand', () => {
		expect(recommendedAlgorithm(ANY_KEY, 'modern', false)).toBe('P-256');
		expect(recommendedAlgorithm(ANY_KEY, 'legacy', false)).toBe('RSA-2048');
		expect(recommendedAlgorithm(ANY_KEY, 'modern', true)).toBe('RSA-2048');
	});

	it('tells elliptic-curve keys from RSA keys', () => {
		expect(
			['RSA-2048', 'RSA-3072', 'RSA-4096', 'P-256', 'P-384'].map((a) =>
				isEllipticCurve(a as KeyAlgorithmName)
			)
		).toEqual([false, false, false, true, true]);
	});
});
