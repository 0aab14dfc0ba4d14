/**
 * Hostile and broken input: each gets its specific 4xx problem, never a 500, and never changes
 * the order.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Api, csrFor, openedOrder, order, send, useServer } from './harness.ts';

const server = useServer();
let orderId: string;
let linkSecret: string;
let token: string;
let validCsr: string;

beforeAll(async () => {
	const opened = await openedOrder(server);
	orderId = opened.created.order.id;
	linkSecret = opened.created.linkSecret;
	token = opened.token;
	validCsr = await csrFor();
});

function post(
	action: string,
	body: BodyInit | undefined,
	headers: Record<string, string> = { 'content-type': 'application/json' }
) {
	return send(server, 'POST', `/api/v1/orders/${orderId}/${action}`, {
		headers: { authorization: `Bearer ${token}`, ...headers },
		body
	});
}

function requestBody(csr: string, extra: Record<string, unknown> = {}): string {
	return JSON.stringify({ csr, agreementVersion: 'subscriber-2026-01', ...extra });
}

function pemBody(pem: string): string {
	return pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
}

function derOf(pem: string): Uint8Array {
	return new Uint8Array(Buffer.from(pemBody(pem), 'base64'));
}

function pemOf(der: Iterable<number>): string {
	return `-----BEGIN CERTIFICATE REQUEST-----\n${Buffer.from([...der]).toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
}

const JAN = '/C=BE/O=Example BV/CN=Jan Peeters/emailAddress=jan@example.be';

/** Requests made the way an applicant with OpenSSL makes them. */
function openssl(key: string, ...options: string[]): string {
	const dir = mkdtempSync(join(tmpdir(), 'openssl-csr-'));
	try {
		return execFileSync(
			'openssl',
			[
				'req',
				'-new',
				'-newkey',
				key,
				'-nodes',
				'-keyout',
				join(dir, 'key.pem'),
				'-subj',
				JAN,
				...options
			],
			{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

const opensslCsr = { sha1: '', noSan: '', rsa1024: '' };
beforeAll(() => {
	opensslCsr.sha1 = openssl(
		'ec',
		'-pkeyopt',
		'ec_paramgen_curve:P-256',
		'-sha1',
		'-addext',
		'subjectAltName=email:jan@example.be'
	);
	opensslCsr.noSan = openssl('ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-sha256');
	opensslCsr.rsa1024 = openssl(
		'rsa:1024',
		'-sha256',
		'-addext',
		'subjectAltName=email:jan@example.be'
	);
});

function flipByte(pem: string, fromEnd: number): string {
	const der = Buffer.from(pemBody(pem), 'base64');
	der[der.length - fromEnd] = (der[der.length - fromEnd] ?? 0) ^ 0xff;
	return `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
}

const cases: [string, () => ReturnType<typeof send>, number, string][] = [
	[
		'text/plain body',
		() => post('summary', JSON.stringify({ linkSecret: 'x' }), { 'content-type': 'text/plain' }),
		415,
		'unsupported_media_type'
	],
	[
		'form body',
		() =>
			post('session', 'linkSecret=x&pickupPassword=y', {
				'content-type': 'application/x-www-form-urlencoded'
			}),
		415,
		'unsupported_media_type'
	],
	[
		'no content type',
		() => post('certificate-request', requestBody(validCsr), {}),
		415,
		'unsupported_media_type'
	],
	[
		'JSON with another charset',
		() =>
			post('summary', JSON.stringify({ linkSecret: 'x' }), {
				'content-type': 'application/json; charset=latin1'
			}),
		415,
		'unsupported_media_type'
	],
	[
		'10 MB body',
		() => post('certificate-request', requestBody('A'.repeat(10 * 1024 * 1024))),
		413,
		'body_too_large'
	],
	[
		'10 MB streamed without a length',
		() => {
			let sent = 0;
			const chunk = new Uint8Array(64 * 1024).fill(0x41);
			const stream = new ReadableStream<Uint8Array>({
				pull(controller) {
					if (sent >= 10 * 1024 * 1024) return controller.close();
					sent += chunk.length;
					controller.enqueue(chunk);
				}
			});
			return post('summary', stream);
		},
		413,
		'body_too_large'
	],
	['empty body', () => post('summary', ''), 400, 'body_invalid'],
	['not JSON', () => post('summary', "{linkSecret: 'x'}"), 400, 'body_invalid'],
	[
		'truncated JSON',
		() => post('certificate-request', requestBody(validCsr).slice(0, 200)),
		400,
		'body_invalid'
	],
	['JSON array', () => post('summary', '["x"]'), 400, 'body_invalid'],
	['JSON string', () => post('summary', '"x"'), 400, 'body_invalid'],
	[
		'unknown field',
		() => post('summary', JSON.stringify({ linkSecret, admin: true })),
		400,
		'body_invalid'
	],
	[
		'prototype pollution field',
		() => post('summary', `{"linkSecret":"${'x'}","__proto__":{"admin":true}}`),
		400,
		'body_invalid'
	],
	['huge number', () => post('summary', '{"linkSecret": 1e999999}'), 400, 'body_invalid'],
	[
		'number instead of string',
		() =>
			post('certificate-request', JSON.stringify({ csr: validCsr, agreementVersion: 20260101 })),
		400,
		'body_invalid'
	],
	[
		'null field',
		() => post('session', JSON.stringify({ linkSecret, pickupPassword: null })),
		400,
		'body_invalid'
	],
	['missing field', () => post('session', JSON.stringify({ linkSecret })), 400, 'body_invalid'],
	[
		'over-long field',
		() => post('summary', JSON.stringify({ linkSecret: 'x'.repeat(10_000) })),
		400,
		'body_invalid'
	],
	[
		'invalid UTF-8',
		() =>
			post(
				'summary',
				Buffer.concat([
					Buffer.from('{"linkSecret":"'),
					Buffer.from([0xc3, 0x28, 0xff]),
					Buffer.from('"}')
				])
			),
		400,
		'body_invalid'
	],
	['lone surrogate escape', () => post('summary', '{"linkSecret":"\\ud800"}'), 401, 'link_invalid'],
	[
		'SQL in the link secret',
		() => post('summary', JSON.stringify({ linkSecret: "' OR '1'='1' --" })),
		401,
		'link_invalid'
	],
	[
		'script in the link secret',
		() => post('summary', JSON.stringify({ linkSecret: '<script>alert(1)</script>' })),
		401,
		'link_invalid'
	],
	[
		'SQL in the order id',
		() =>
			send(
				server,
				'POST',
				`/api/v1/orders/${encodeURIComponent("x' OR 1=1; DROP TABLE orders; --")}/summary`,
				{ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ linkSecret }) }
			),
		404,
		'order_not_found'
	],
	[
		'over-long order id',
		() =>
			send(server, 'POST', `/api/v1/orders/${'a'.repeat(300)}/summary`, {
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ linkSecret })
			}),
		404,
		'order_not_found'
	],
	[
		'malformed bearer token',
		() =>
			post('certificate-request', requestBody(validCsr), {
				'content-type': 'application/json',
				authorization: 'Bearer <script>'
			}),
		401,
		'session_invalid'
	],
	[
		'basic auth instead of bearer',
		() =>
			post('certificate-request', requestBody(validCsr), {
				'content-type': 'application/json',
				authorization: 'Basic dXNlcjpwYXNz'
			}),
		401,
		'session_invalid'
	],
	[
		'CSR that is not PEM',
		() => post('certificate-request', requestBody('hello')),
		400,
		'csr_malformed'
	],
	[
		'CSR with SQL',
		() => post('certificate-request', requestBody("'; DROP TABLE orders; --")),
		400,
		'csr_malformed'
	],
	[
		'CSR truncated PEM',
		() => post('certificate-request', requestBody(validCsr.slice(0, validCsr.length / 2))),
		400,
		'csr_malformed'
	],
	[
		'CSR truncated DER',
		() =>
			post(
				'certificate-request',
				requestBody(
					`-----BEGIN CERTIFICATE REQUEST-----\n${pemBody(validCsr).slice(0, 120)}\n-----END CERTIFICATE REQUEST-----\n`
				)
			),
		400,
		'csr_malformed'
	],
	[
		'CSR with bad base64',
		() =>
			post(
				'certificate-request',
				requestBody(
					'-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----\n'
				)
			),
		400,
		'csr_malformed'
	],
	[
		'CSR PEM with a different end label',
		() =>
			post(
				'certificate-request',
				requestBody(validCsr.replace('END CERTIFICATE REQUEST', 'END CERTIFICATE'))
			),
		400,
		'csr_malformed'
	],
	[
		'two CSRs',
		() => post('certificate-request', requestBody(validCsr + validCsr)),
		400,
		'csr_malformed'
	],
	[
		'a certificate instead of a CSR',
		() =>
			post(
				'certificate-request',
				requestBody(validCsr.replaceAll('CERTIFICATE REQUEST', 'CERTIFICATE'))
			),
		400,
		'csr_malformed'
	],
	[
		'CSR with a broken signature',
		() => post('certificate-request', requestBody(flipByte(validCsr, 3))),
		400,
		'csr_signature_invalid'
	],
	[
		'CSR with a byte after the DER',
		() => post('certificate-request', requestBody(pemOf([...derOf(validCsr), 0x00]))),
		400,
		'csr_malformed'
	],
	[
		'CSR with an indefinite (BER) length',
		() =>
			post(
				'certificate-request',
				requestBody(pemOf([0x30, 0x80, ...derOf(validCsr).subarray(4), 0x00, 0x00]))
			),
		400,
		'csr_malformed'
	],
	[
		'CSR with a length longer than needed',
		() => {
			const der = derOf(validCsr);
			return post(
				'certificate-request',
				requestBody(pemOf([0x30, 0x83, 0x00, der[2] ?? 0, der[3] ?? 0, ...der.subarray(4)]))
			);
		},
		400,
		'csr_malformed'
	],
	[
		'CSR signed with SHA-1 (openssl req -sha1)',
		() => post('certificate-request', requestBody(opensslCsr.sha1)),
		400,
		'csr_signature_invalid'
	],
	[
		'CSR without a subjectAltName (openssl req default)',
		() => post('certificate-request', requestBody(opensslCsr.noSan)),
		409,
		'csr_subject_mismatch'
	],
	[
		'CSR with an RSA-1024 key',
		() => post('certificate-request', requestBody(opensslCsr.rsa1024)),
		409,
		'csr_key_not_allowed'
	],
	['POST to a GET route', () => post('certificate', undefined), 404, 'not_found'],
	[
		'DELETE an order',
		() => send(server, 'DELETE', `/api/v1/orders/${orderId}/summary`),
		404,
		'not_found'
	]
];

describe('bad input', () => {
	it.each(cases)('%s: the specific problem, order unchanged', async (_name, call, status, code) => {
		const before = await order(server, orderId);
		const answer = await call();
		expect(answer.body?.code).toBe(code);
		expect(answer.status).toBe(status);
		const after = await order(server, orderId);
		expect({ ...after, updatedAt: '', revision: 0 }).toEqual({
			...before,
			updatedAt: '',
			revision: 0
		});
	});

	it('says what to change in a refused request', async () => {
		const details = await Promise.all(
			[opensslCsr.sha1, opensslCsr.noSan, opensslCsr.rsa1024].map(
				async (csr) => (await post('certificate-request', requestBody(csr))).body.detail
			)
		);
		expect(details[0]).toContain('signed with SHA-1');
		expect(details[1]).toContain('-addext "subjectAltName=email:jan@example.be"');
		expect(details[1]).toContain('-ext san=email:jan@example.be');
		expect(details[2]).toContain("the request's key is RSA-1024");
	});

	it('has left the order able to complete its pickup', async () => {
		const issued = await new Api(server, orderId).request(token, validCsr);
		expect(issued.body.status).toBe('issued');
		expect(server.output()).not.toMatch(/error/i);
	});
});

describe('an e-mail address whose domain is written in capitals', () => {
	it('matches the order: domains compare case-insensitively', async () => {
		const opened = await openedOrder(server);
		const csr = openssl(
			'ec',
			'-pkeyopt',
			'ec_paramgen_curve:P-256',
			'-sha256',
			'-addext',
			'subjectAltName=email:jan@Example.BE'
		);
		const answer = await opened.api.request(opened.token, csr);
		expect(answer.status).toBe(200);
		expect(answer.body.status).toBe('issued');
	});
});
