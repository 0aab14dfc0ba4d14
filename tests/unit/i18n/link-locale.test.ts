import { describe, expect, it } from 'vitest';
import { linkLocale } from '../../../src/lib/i18n/link-locale.ts';

describe('the language in a pickup link', () => {
	it.each([
		['#o=abcd1234&s=q3Yx8mZ1vK0pL7sT2wR9aB&l=nl', 'nl'],
		['o=abcd1234&s=q3Yx8mZ1vK0pL7sT2wR9aB&l=pt', 'pt'],
		['#l=de&o=abcd1234', 'de']
	])('reads %s as %s', (fragment, locale) => {
		expect(linkLocale(fragment)).toBe(locale);
	});

	it.each([
		['no language', '#o=abcd1234&s=q3Yx8mZ1vK0pL7sT2wR9aB'],
		['a language the app does not speak', '#o=abcd1234&l=es'],
		['a region tag', '#o=abcd1234&l=nl-BE'],
		['an empty one', '#o=abcd1234&l=']
	])('ignores %s', (_, fragment) => {
		expect(linkLocale(fragment)).toBeUndefined();
	});
});
