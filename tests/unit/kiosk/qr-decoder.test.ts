import { describe, expect, it } from 'vitest';
import { decodeQr } from '../../../src/lib/kiosk/qr-decoder';
import { qrRgba } from '../../support/qr-video';

const LINK = 'https://pickup.ca.example/pickup#o=ord_4f9a2b&s=q3Yx8mZ1vK0pL7sT2wR9aBcDeFgHiJkL';

describe('QR decoding', () => {
	it('reads the pickup link from a picture of its QR code', () => {
		expect(decodeQr({ data: qrRgba(LINK, 640, 480), width: 640, height: 480 })).toBe(LINK);
	});

	it('reads nothing from a picture without a QR code', () => {
		const blank = new Uint8ClampedArray(320 * 240 * 4).fill(200);
		expect(decodeQr({ data: blank, width: 320, height: 240 })).toBeNull();
	});
});
