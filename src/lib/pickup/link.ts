/**
 * The emailed link carries the order id and the link secret in the URL fragment
 * (`#o={orderId}&s={linkSecret}`), which browsers never send to a server or put in a Referer.
 */
export interface PickupLink {
	orderId: string;
	linkSecret: string;
}

const ORDER_ID = /^[A-Za-z0-9_-]{4,64}$/;
const LINK_SECRET = /^[A-Za-z0-9_-]{22,128}$/;

export type LinkReading =
	{ kind: 'none' } | { kind: 'invalid' } | { kind: 'link'; link: PickupLink };

export function readPickupLink(fragment: string): LinkReading {
	const params = new URLSearchParams(fragment.replace(/^#/, ''));
	const orderId = params.get('o');
	const linkSecret = params.get('s');
	if (orderId === null && linkSecret === null) return { kind: 'none' };
	if (orderId === null || linkSecret === null) return { kind: 'invalid' };
	if (!ORDER_ID.test(orderId) || !LINK_SECRET.test(linkSecret)) return { kind: 'invalid' };
	return { kind: 'link', link: { orderId, linkSecret } };
}
