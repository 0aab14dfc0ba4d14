import { afterEach, describe, expect, it, vi } from 'vitest';

const language = vi.hoisted(() => ({ current: 'en' }));
vi.mock('$lib/paraglide/runtime.js', () => ({ getLocale: () => language.current }));

const { formatDate, formatDateTime, formatDaysLeft } =
	await import('../../../src/lib/components/format.ts');

afterEach(() => {
	language.current = 'en';
});

describe('dates in the language on screen', () => {
	it('follows a switch of language although each formatter is made once', () => {
		expect(formatDate('2026-12-31T12:00:00Z')).toBe('December 31, 2026');
		language.current = 'de';
		expect(formatDate('2026-12-31T12:00:00Z')).toBe('31. Dezember 2026');
		language.current = 'en';
		expect(formatDate('2026-12-31T12:00:00Z')).toBe('December 31, 2026');
	});

	it('keeps the kinds apart: a date with its time, days left', () => {
		language.current = 'fr';
		expect(formatDateTime('2026-12-31T12:00:00Z')).toMatch(/^31 décembre 2026/);
		const now = Date.parse('2026-12-01T12:00:00Z');
		expect(formatDaysLeft('2026-12-31T12:00:00Z', now)).toBe('dans 30 jours');
		expect(formatDaysLeft('2026-12-02T11:00:00Z', now)).toBe('aujourd’hui');
	});
});
