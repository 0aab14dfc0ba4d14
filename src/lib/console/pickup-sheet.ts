/**
 * What the printed pickup sheet needs from a pickup link: the QR code (an SVG, as a data: URL the
 * Content-Security-Policy allows for images) and the two codes a kiosk also takes typed in.
 */
import { encodeQr } from './qr-encode.ts';

/** The QR standard's quiet zone around the code, in modules. */
const QUIET = 4;

/** The QR code of `text` as SVG: one path of dark modules on white, sharp at any print size. */
export function qrSvg(text: string): string {
	const code = encodeQr(text);
	const size = code.size + 2 * QUIET;
	let path = '';
	for (let y = 0; y < code.size; y++) {
		for (let x = 0; x < code.size; x++) {
			if (code.dark(x, y)) path += `M${x + QUIET} ${y + QUIET}h1v1h-1z`;
		}
	}
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">` +
		`<rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`
	);
}

export function qrDataUrl(text: string): string {
	return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(qrSvg(text))}`;
}

/** The order number and pickup code in a link's fragment (`#o=…&s=…&l=…`). */
export function linkCodes(link: string): { orderNumber: string; pickupCode: string } | null {
	let fragment: string;
	try {
		fragment = new URL(link).hash;
	} catch {
		return null;
	}
	const params = new URLSearchParams(fragment.replace(/^#/, ''));
	const orderNumber = params.get('o');
	const pickupCode = params.get('s');
	return orderNumber && pickupCode ? { orderNumber, pickupCode } : null;
}
