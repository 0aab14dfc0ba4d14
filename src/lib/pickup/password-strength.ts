import { adjacencyGraphs } from '@zxcvbn-ts/language-common';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

/**
 * zxcvbn's estimate (0 = guessed at once … 4 = very hard to guess), with the keyboard patterns
 * and the order's own words (name, organization, e-mail, order id) as a dictionary. Its list of
 * common passwords is left out: 200 KB gzipped, more than the whole app's budget, while the
 * policy's length rule already stops the short common ones.
 */
const estimator = new ZxcvbnFactory({ graphs: adjacencyGraphs });

export function passwordStrength(password: string, orderWords: readonly string[]): StrengthScore {
	if (password === '') return 0;
	const words = orderWords
		.flatMap((word) => [word, ...word.split(/[^\p{L}\p{N}]+/u)])
		.filter((word) => word.length > 2);
	return estimator.check(password, words).score;
}
