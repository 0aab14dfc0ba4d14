import { describe, expect, it } from 'vitest';
import { safeFileName } from '../../../src/lib/pickup/file-name.ts';

describe('safeFileName', () => {
	it('joins holder and order', () => {
		expect(safeFileName('Jan Peeters', 'ord_42', 'p12')).toBe('Jan-Peeters-ord_42.p12');
	});

	it('folds accents and drops characters file systems refuse', () => {
		expect(safeFileName('José Conceição', 'A1', 'p12')).toBe('Jose-Conceicao-A1.p12');
		expect(safeFileName('a/b\\c:d*e?f"g<h>i|j', 'x', 'cer')).toBe('a-b-c-d-e-f-g-h-i-j-x.cer');
	});

	it('never starts with a dot or names a Windows device', () => {
		expect(safeFileName('..', '', 'p12')).toBe('certificate.p12');
		expect(safeFileName('CON', '', 'p12')).toBe('certificate-CON.p12');
	});

	it('bounds the length', () => {
		expect(safeFileName('x'.repeat(500), 'ord', 'p12').length).toBeLessThanOrEqual(84);
	});
});
