import { describe, expect, it } from 'vitest';
import { linkCodes, qrDataUrl, qrSvg } from '../../../src/lib/console/pickup-sheet.ts';
import { decodeQr } from '../../../src/lib/kiosk/qr-decoder.ts';

const LINK =
	'https://pickup.ca.example/pickup#o=ord_4f9a2b7c&s=q3Yx8mZ1vK0pL7sT2wR9aBcDeFgHiJkL&l=nl';

/** The SVG's dark modules drawn as pixels, as a camera (or the kiosk's decoder) would see them. */
function rasterize(svg: string, scale = 6) {
	const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)![1]);
	const width = size * scale;
	const data = new Uint8ClampedArray(width * width * 4).fill(255);
	for (const [, x, y] of svg.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
		for (let dy = 0; dy < scale; dy++)
			for (let dx = 0; dx < scale; dx++) {
				const pixel = ((Number(y) * scale + dy) * width + Number(x) * scale + dx) * 4;
				data.set([0, 0, 0, 255], pixel);
			}
	}
	return { data, width, height: width };
}

describe('the pickup sheet', () => {
	it("draws a QR code of the link that the kiosk's decoder reads back", () => {
		expect(decodeQr(rasterize(qrSvg(LINK)))).toBe(LINK);
		const longer = `${LINK.replace('pickup.ca.example', 'certificates.pickup.some-ca.example.eu')}x`;
		expect(decodeQr(rasterize(qrSvg(longer)))).toBe(longer);
	});

	it('is an SVG data: URL, which the Content-Security-Policy allows for images', () => {
		const url = qrDataUrl(LINK);
		expect(url.startsWith('data:image/svg+xml;charset=utf-8,%3Csvg')).toBe(true);
		expect(decodeURIComponent(url.split(',')[1]!)).toBe(qrSvg(LINK));
	});

	it('shows the two codes the kiosk also takes typed in', () => {
		expect(linkCodes(LINK)).toEqual({
			orderNumber: 'ord_4f9a2b7c',
			pickupCode: 'q3Yx8mZ1vK0pL7sT2wR9aBcDeFgHiJkL'
		});
		expect(linkCodes('not a link')).toBeNull();
	});
});

describe('the QR encoder', () => {
	/** The same links every run, of every length a version from 1 to 10 holds. */
	function seededText(length: number, seed: number): string {
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
		let state = seed;
		const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 26;
		const prefix = 'https://pickup.example.eu/pickup#o=';
		return (prefix + Array.from({ length }, () => alphabet[next()]).join('')).slice(0, length);
	}

	it('makes codes the kiosk reads back, from version 1 to version 10', () => {
		for (const [index, length] of [1, 14, 26, 42, 62, 84, 106, 122, 152, 180, 213].entries()) {
			const text = seededText(length, 20261206 + index);
			expect(decodeQr(rasterize(qrSvg(text), 4)), `${length} bytes`).toBe(text);
		}
	});

	it('refuses what a version 10 code cannot hold', () => {
		expect(() => qrSvg('x'.repeat(214))).toThrow('at most 213 bytes');
	});
});
