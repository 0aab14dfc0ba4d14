import { describe, expect, it } from 'vitest';
import { allowConnectOrigins } from '../../../scripts/deployment/csp-meta.ts';

const page = (policy: string) =>
	`<head><meta http-equiv="content-security-policy" content="${policy}"><title>x</title></head>`;

describe('allowConnectOrigins', () => {
	it('adds the API origin to connect-src and leaves the rest alone', () => {
		const html = page("default-src 'self'; connect-src 'self'; script-src 'self' 'sha256-abc='");
		expect(allowConnectOrigins(html, ['https://api.ca.example'])).toBe(
			page(
				"default-src 'self'; connect-src 'self' https://api.ca.example; script-src 'self' 'sha256-abc='"
			)
		);
	});

	it('adds connect-src when the policy has none, and never twice', () => {
		const once = allowConnectOrigins(page("default-src 'self'"), ['https://api.ca.example']);
		expect(once).toContain("connect-src 'self' https://api.ca.example");
		expect(allowConnectOrigins(once, ['https://api.ca.example'])).toBe(once);
	});

	it('refuses a page without a policy rather than ship one unprotected', () => {
		expect(() => allowConnectOrigins('<head></head>', ['https://api.ca.example'])).toThrow(
			/no Content-Security-Policy/
		);
	});
});
