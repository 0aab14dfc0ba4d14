import { describe, expect, it } from 'vitest';
import { readPickupLink } from '../../../src/lib/pickup/link.ts';

const SECRET = 'q3Yx8mZ1vK0pL7sT2wR9aB';

describe('readPickupLink', () => {
	it('reads order id and secret from the fragment', () => {
		expect(readPickupLink(`#o=ord_123&s=${SECRET}`)).toEqual({
			kind: 'link',
			link: { orderId: 'ord_123', linkSecret: SECRET }
		});
	});

	it('says there is no link when the fragment is empty', () => {
		expect(readPickupLink('')).toEqual({ kind: 'none' });
		expect(readPickupLink('#')).toEqual({ kind: 'none' });
	});

	it.each([
		['secret missing', '#o=ord_123'],
		['order missing', `#s=${SECRET}`],
		['secret truncated by a mail client', '#o=ord_123&s=q3Yx8m'],
		['characters outside base64url', `#o=ord<script>&s=${SECRET}`],
		['secret too long', `#o=ord_123&s=${'a'.repeat(200)}`]
	])('rejects a link with %s', (_, fragment) => {
		expect(readPickupLink(fragment)).toEqual({ kind: 'invalid' });
	});
});
