import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONSOLE_PROBLEM_CODES } from '../../../src/lib/domain/console-problem-codes.ts';
import { ConsoleProblem, PROBLEM_TEXTS, problemFrom } from '../../../src/lib/console/problems.ts';
import { locales, setLocale } from '../../../src/lib/paraglide/runtime.js';

describe('the console problem texts', () => {
	it('word every console problem code, and the network failing', () => {
		expect(Object.keys(PROBLEM_TEXTS).sort()).toEqual([...CONSOLE_PROBLEM_CODES, 'network'].sort());
	});

	it('are written in all five languages, each its own', () => {
		const english = new Map<string, string>();
		for (const locale of locales) {
			setLocale(locale, { reload: false });
			for (const [code, text] of Object.entries(PROBLEM_TEXTS)) {
				const sentence = text();
				expect(sentence, `${code} in ${locale}`).toMatch(/\S/);
				if (locale === 'en') english.set(code, sentence);
				else expect(sentence, `${code} in ${locale}`).not.toBe(english.get(code));
			}
		}
		setLocale('en', { reload: false });
	});

	it('has every console_ message in every language file', () => {
		const keysOf = (locale: string) =>
			Object.keys(JSON.parse(readFileSync(`messages/${locale}.json`, 'utf8')) as object)
				.filter((key) => key.startsWith('console_'))
				.sort();
		expect(keysOf('en').length).toBeGreaterThan(200);
		for (const locale of locales) expect(keysOf(locale), locale).toEqual(keysOf('en'));
	});
});

describe('problemFrom', () => {
	it('reads the code, the detail and the field of a problem+json body', () => {
		const problem = problemFrom(422, {
			code: 'order_invalid',
			detail: 'not a valid e-mail address: x',
			field: 'email'
		});
		expect(problem).toBeInstanceOf(ConsoleProblem);
		expect([problem.code, problem.status, problem.field]).toEqual(['order_invalid', 422, 'email']);
	});

	it('judges an unknown code or an unreadable body by the status', () => {
		expect(problemFrom(401, { code: 'something_new' }).code).toBe('console_session_invalid');
		expect(problemFrom(403, null).code).toBe('role_forbidden');
		expect(problemFrom(409, 'x').code).toBe('order_state_conflict');
		expect(problemFrom(502, undefined).code).toBe('internal');
	});
});
