import { describe, expect, it } from 'vitest';
import { pickupPath, readScannedCode, readTypedCode } from '../../../src/lib/kiosk/pickup-code.ts';

const ORDER = 'ord_4f9a2b';
const SECRET = 'q3Yx8mZ1vK0pL7sT2wR9aBcDeFgHiJkL';
const LINK = { kind: 'link', link: { orderId: ORDER, linkSecret: SECRET } };

describe('reading a scanned QR code', () => {
	it.each([
		['the full e-mailed link', `https://pickup.ca.example/pickup#o=${ORDER}&s=${SECRET}`],
		[
			'the link with spaces around it',
			`  https://pickup.ca.example/pickup#o=${ORDER}&s=${SECRET}\n`
		],
		['the fragment', `#o=${ORDER}&s=${SECRET}`],
		['the fragment without #', `o=${ORDER}&s=${SECRET}`]
	])('accepts %s', (_, text) => {
		expect(readScannedCode(text)).toEqual(LINK);
	});

	it.each([
		['another web page', 'https://www.example.com/'],
		['a link without the secret', `https://pickup.ca.example/pickup#o=${ORDER}`],
		['a secret too short', `https://pickup.ca.example/pickup#o=${ORDER}&s=abc`],
		['a broken URL', 'https://[pickup/#o=x'],
		['plain text', 'WIFI:S:office;T:WPA;P:secret;;']
	])('refuses %s', (_, text) => {
		expect(readScannedCode(text)).toEqual({ kind: 'invalid' });
	});
});

describe('reading a typed order number and pickup code', () => {
	it('accepts them, dropping the spaces the printed code is grouped with', () => {
		expect(readTypedCode(` ${ORDER} `, 'q3Yx 8mZ1 vK0p L7sT 2wR9 aBcD eFgH iJkL')).toEqual(LINK);
	});

	it('says when a field is empty', () => {
		expect(readTypedCode('', SECRET)).toEqual({ kind: 'incomplete' });
		expect(readTypedCode(ORDER, '   ')).toEqual({ kind: 'incomplete' });
	});

	it('refuses values no link could carry', () => {
		expect(readTypedCode('ord/4f9a', SECRET)).toEqual({ kind: 'invalid' });
		expect(readTypedCode(ORDER, 'tooshort')).toEqual({ kind: 'invalid' });
		expect(readTypedCode(ORDER, `${SECRET}&o=other`)).toEqual({ kind: 'invalid' });
	});

	it('opens the pickup through the fragment, as the e-mailed link does', () => {
		expect(pickupPath({ orderId: ORDER, linkSecret: SECRET })).toBe(
			`/pickup#o=${ORDER}&s=${SECRET}`
		);
	});
});
