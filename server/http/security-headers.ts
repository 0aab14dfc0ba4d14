/**
 * The headers every response carries, pages, assets, API answers and 404s alike, set in one place
 * so no kind of answer can miss them. Responses that need more (a page's own script hashes, the
 * API's CORS-readable resource policy) set their header first and keep it.
 */
import type { Config } from '../config.ts';

// Nothing but a page needs to load anything; pages replace this with their own policy.
const NOTHING_POLICY = "default-src 'none'; frame-ancestors 'none'";

export function securityHeaders(config: Config): Record<string, string> {
	return {
		'content-security-policy': NOTHING_POLICY,
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'no-referrer',
		'x-frame-options': 'DENY',
		'cross-origin-opener-policy': 'same-origin',
		'cross-origin-resource-policy': 'same-origin',
		// The camera only for the app itself: a kiosk scans the QR code in the applicant's e-mail.
		'permissions-policy': 'camera=(self), microphone=(), geolocation=(), payment=(), usb=()',
		...(config.publicUrl.startsWith('https:')
			? { 'strict-transport-security': 'max-age=31536000' }
			: {})
	};
}
