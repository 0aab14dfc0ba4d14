import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubjectAltName } from '../../src/lib/domain/subject-alt-names.ts';
import type { SubjectAttribute } from '../../src/lib/domain/subject-attributes.ts';
import { readName } from '../../src/lib/pki/name.ts';
import * as x509 from '../../src/lib/pki/x509.ts';
import { startCfssl, type Cfssl } from './cfssl.ts';
import {
	auditTrail,
	csrFor,
	openedOrder,
	opensslVerify,
	order,
	send,
	startServer,
	type TestServer
} from './harness.ts';

const HOST: SubjectAttribute[] = [
	{ type: 'C', value: 'BE' },
	{ type: 'O', value: 'Example BV' },
	{ type: 'CN', value: 'www.example.be' }
];
const HOST_SANS: SubjectAltName[] = [
	{ type: 'dns', value: 'www.example.be' },
	{ type: 'dns', value: 'example.be' }
];
const TLS_ORDER = { productId: 'tls-server', subject: HOST, subjectAltNames: HOST_SANS };

let cfssl: Cfssl;
let server: TestServer;

beforeAll(async () => {
	cfssl = await startCfssl();
	server = await startServer({ ...cfssl.env, CONTACT: 'the Example CA desk' });
});

afterAll(async () => {
	await server?.dispose();
	await cfssl?.dispose();
});

function certificates(chainPem: string): x509.X509Certificate[] {
	return x509.PemConverter.decode(chainPem).map((der) => new x509.X509Certificate(der));
}

describe('issuance through CFSSL', () => {
	it('picks up a certificate signed by cfssl serve, with the content of the order and profile', async () => {
		const { created, api, token } = await openedOrder(server, TLS_ORDER);
		expect((await api.summary(created.linkSecret)).body.issuer).toBe(
			'O=Test CFSSL, CN=Test CFSSL Issuing CA'
		);
		for (const algorithm of ['P-256', 'RSA-2048'] as const) {
			const pickup = algorithm === 'P-256' ? { api, token } : await openedOrder(server, TLS_ORDER);
			const issued = await pickup.api.request(
				pickup.token,
				await csrFor(HOST, HOST_SANS, algorithm)
			);
			expect(issued.status, JSON.stringify(issued.body)).toBe(200);
			const [leaf, issuing, root] = certificates(issued.body.chainPem);
			expect(issuing?.subject).toBe('O=Test CFSSL, CN=Test CFSSL Issuing CA');
			expect(root?.toString('pem').trim()).toBe(cfssl.rootPem.trim());
			expect(leaf?.issuer).toBe(issuing?.subject);
			// Go writes PrintableString where it can; the attributes and their order are the order's.
			expect(readName(new Uint8Array(leaf?.subjectName.toArrayBuffer() ?? []))).toEqual(HOST);
			expect(
				leaf
					?.getExtension(x509.SubjectAlternativeNameExtension)
					?.names.items.map(({ type, value }) => ({ type, value }))
			).toEqual(HOST_SANS);
			expect(leaf?.getExtension(x509.KeyUsagesExtension)?.usages).toBe(
				algorithm === 'P-256'
					? x509.KeyUsageFlags.digitalSignature
					: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment
			);
			expect(opensslVerify(issued.body.chainPem, 'sslserver')).toContain(': OK');
		}
		expect((await order(server, created.order.id)).status).toBe('issued');
		expect((await send(server, 'GET', '/api/v1/ca/chain')).body).toContain(
			cfssl.rootPem.trim().split('\n')[1]
		);
	});
});

describe('when CFSSL fails', () => {
	it('answers 503 with Retry-After while CFSSL is down, keeps the request, and issues once it is back', async () => {
		const { created, api, token } = await openedOrder(server, TLS_ORDER);
		await cfssl.stop();
		try {
			const down = await api.request(token, await csrFor(HOST, HOST_SANS));
			expect(down.status).toBe(503);
			expect(down.body).toMatchObject({ code: 'ca_unavailable', retryAfterSeconds: 7 });
			expect(down.headers.get('retry-after')).toBe('7');
			expect((await order(server, created.order.id)).status).toBe('request_received');
			expect((await api.certificate(token)).status).toBe(503);
		} finally {
			await cfssl.start();
		}
		const resumed = await api.certificate(token);
		expect(resumed.status).toBe(200);
		expect(opensslVerify(resumed.body.chainPem, 'sslserver')).toContain(': OK');
		expect((await order(server, created.order.id)).status).toBe('issued');
	});

	it('refuses clearly when CFSSL refuses, and when it cannot or does not sign what was ordered', async () => {
		const refusedFor = async (pickup: Awaited<ReturnType<typeof openedOrder>>, csr: string) => {
			const answer = await pickup.api.request(pickup.token, csr);
			expect(answer.status).toBe(502);
			expect(answer.body.code).toBe('ca_refused');
			expect(answer.body.detail).toContain('the Example CA desk');
			expect((await order(server, pickup.created.order.id)).status).toBe('request_received');
			const refusal = (await auditTrail(server, pickup.created.order.id)).find(
				(entry) => entry.event === 'issuance_refused'
			);
			return JSON.parse(refusal?.detail ?? '{}').reason as string;
		};
		expect(await refusedFor(await openedOrder(server), await csrFor())).toContain('emailAddress');
		expect(
			await refusedFor(
				await openedOrder(server, { ...TLS_ORDER, validityMonths: 6 }),
				await csrFor(HOST, HOST_SANS)
			)
		).toContain('the order says 6 months');

		writeFileSync(join(cfssl.dir, 'wrong-key.hex'), 'ab'.repeat(16));
		const misconfigured = await startServer({
			...cfssl.env,
			CFSSL_AUTH_KEY_FILE: join(cfssl.dir, 'wrong-key.hex'),
			CONTACT: 'the Example CA desk'
		});
		try {
			const pickup = await openedOrder(misconfigured, TLS_ORDER);
			const answer = await pickup.api.request(pickup.token, await csrFor(HOST, HOST_SANS));
			expect(answer.status).toBe(502);
			expect(answer.body.code).toBe('ca_refused');
			const reasons = (await auditTrail(misconfigured, pickup.created.order.id))
				.filter((entry) => entry.event === 'issuance_refused')
				.map((entry) => entry.detail);
			expect(reasons.join()).toContain('invalid token');
		} finally {
			await misconfigured.dispose();
		}
	});
});
