/**
 * Every request a page makes, recorded whole (method, address, headers, body), and the proof that
 * none of them carries a private key, in any form the app could have encoded it.
 */
import { createPrivateKey } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect } from './fixtures.ts';

export function recordRequests(page: Page): string[] {
	const sent: string[] = [];
	page.on('request', (request) => {
		sent.push(
			[
				request.method(),
				request.url(),
				JSON.stringify(request.headers()),
				request.postData() ?? ''
			].join('\n')
		);
	});
	return sent;
}

export function expectNoRequestCarries(sent: string[], keyPem: string): void {
	const key = createPrivateKey(keyPem);
	const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
	const needles = {
		'PKCS#8 DER': pkcs8.toString('latin1'),
		'PKCS#8 base64': pkcs8.toString('base64'),
		'PKCS#8 base64url': pkcs8.toString('base64url'),
		'PKCS#8 PEM body line': pkcs8.toString('base64').slice(64, 128),
		'JWK d': String(key.export({ format: 'jwk' }).d)
	};
	expect(
		sent.some((request) => request.includes('BEGIN CERTIFICATE REQUEST')),
		'the recording saw the CSR'
	).toBe(true);
	for (const [form, needle] of Object.entries(needles)) {
		expect(needle.length, form).toBeGreaterThan(30);
		expect(
			sent.filter((request) => request.includes(needle)),
			`requests carrying the key as ${form}`
		).toEqual([]);
	}
}
