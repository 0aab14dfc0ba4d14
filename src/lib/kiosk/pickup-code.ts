/**
 * What the kiosk's start screen reads: the QR code in the CA's e-mail (the pickup link itself), or
 * the order number and pickup code printed under it (docs/kiosk.md). Both carry the link's two
 * values, checked by the same rules as a link (src/lib/pickup/link.ts).
 */
import { readPickupLink, type PickupLink } from '../pickup/link.ts';

export type CodeReading =
	| { kind: 'link'; link: PickupLink }
	/** The applicant left a field empty. */
	| { kind: 'incomplete' }
	/** Something was read, but it is no pickup link or code. */
	| { kind: 'invalid' };

/** A QR code's text: the full link, or just its fragment (`o=…&s=…`, with or without `#`). */
export function readScannedCode(text: string): CodeReading {
	const trimmed = text.trim();
	let fragment = trimmed;
	if (/^https?:\/\//i.test(trimmed)) {
		try {
			fragment = new URL(trimmed).hash;
		} catch {
			return { kind: 'invalid' };
		}
	}
	return asCodeReading(fragment);
}

/** The two typed fields. The CA prints the code in groups for reading; the spaces are dropped. */
export function readTypedCode(orderNumber: string, pickupCode: string): CodeReading {
	const orderId = orderNumber.replace(/\s+/g, '');
	const linkSecret = pickupCode.replace(/\s+/g, '');
	if (!orderId || !linkSecret) return { kind: 'incomplete' };
	return asCodeReading(new URLSearchParams({ o: orderId, s: linkSecret }).toString());
}

/** Where the pickup opens: the same fragment the e-mailed link carries, never sent to a server. */
export function pickupPath(link: PickupLink): string {
	return `/pickup#${new URLSearchParams({ o: link.orderId, s: link.linkSecret })}`;
}

function asCodeReading(fragment: string): CodeReading {
	const reading = readPickupLink(fragment);
	return reading.kind === 'link' ? reading : { kind: 'invalid' };
}
