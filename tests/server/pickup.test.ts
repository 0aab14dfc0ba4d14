import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNameDer } from '../../src/lib/pki/name.ts';
import * as x509 from '../../src/lib/pki/x509.ts';
import {
	Api,
	auditTrail,
	csrFor,
	newOrder,
	openedOrder,
	opensslVerify,
	order,
	PERSON,
	PERSON_SANS,
	SERVER,
	SERVER_SANS,
	useServer
} from './harness.ts';

const server = useServer();

function certificates(chainPem: string): x509.X509Certificate[] {
	return x509.PemConverter.decode(chainPem).map((der) => new x509.X509Certificate(der));
}

describe('a complete pickup', () => {
	it('survives a server restart between every two steps and moves through every status', async () => {
		const created = await newOrder(server);
		const api = new Api(server, created.order.id);
		const summary = await api.summary(created.linkSecret);
		expect(summary.status).toBe(200);
		expect(summary.body).toMatchObject({
			orderId: created.order.id,
			status: 'awaiting_pickup',
			subject: PERSON,
			pickupAttemptsLeft: 5,
			isReissue: false
		});
		expect(summary.body.agreement.sha256).toMatch(/^[0-9a-f]{64}$/);
		await server.restart();
		const session = await api.session(created.linkSecret);
		expect(session.status).toBe(200);
		const token = session.body.sessionToken as string;
		await server.restart();
		const issued = await api.request(token, await csrFor());
		expect(issued.status).toBe(200);
		expect(issued.body.status).toBe('issued');
		expect((await order(server, created.order.id)).status).toBe('issued');
		await server.restart();
		const again = await api.certificate(token);
		expect(again.status).toBe(200);
		expect(again.body.chainPem).toBe(issued.body.chainPem);
		await server.restart();
		expect((await api.collected(token)).status).toBe(204);
		expect((await api.collected(token)).status).toBe(204);
		await server.restart();
		expect((await api.certificate(token)).body.code).toBe('order_collected');
		expect((await api.summary(created.linkSecret)).body.code).toBe('order_collected');
		expect((await api.session(created.linkSecret)).body.code).toBe('order_collected');
		const trail = await auditTrail(server, created.order.id);
		expect(
			trail.filter((entry) => entry.toStatus !== entry.fromStatus).map((entry) => entry.toStatus)
		).toEqual(['awaiting_pickup', 'request_received', 'issued', 'collected']);
		const accepted = trail.find((entry) => entry.event === 'request_received');
		expect(JSON.parse(accepted?.detail ?? '{}')).toMatchObject({
			agreementVersion: 'subscriber-2026-01',
			keyAlgorithm: 'P-256'
		});
		expect((await order(server, created.order.id)).agreementAcceptedAt).not.toBeNull();
		expect(JSON.stringify(trail)).not.toContain(created.linkSecret);
		expect(JSON.stringify(trail)).not.toContain(token);
	});

	it('issues a certificate whose content comes from the order and its profile', async () => {
		const { created, api, token } = await openedOrder(server, { validityMonths: 39 });
		const issued = await api.request(token, await csrFor(PERSON, PERSON_SANS, 'RSA-2048'));
		const [leaf, intermediate, root] = certificates(issued.body.chainPem);
		expect(leaf && intermediate && root).toBeTruthy();
		if (!leaf || !intermediate || !root) return;
		expect(new Uint8Array(leaf.subjectName.toArrayBuffer())).toEqual(
			buildNameDer(created.order.subject)
		);
		expect(await leaf.verify({ publicKey: intermediate.publicKey, signatureOnly: true })).toBe(
			true
		);
		expect(await intermediate.verify({ publicKey: root.publicKey, signatureOnly: true })).toBe(
			true
		);
		const usage = leaf.getExtension(x509.KeyUsagesExtension);
		expect(usage?.critical).toBe(true);
		expect(usage?.usages).toBe(
			x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment
		);
		expect(leaf.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([
			x509.ExtendedKeyUsage.emailProtection,
			x509.ExtendedKeyUsage.clientAuth
		]);
		expect(
			leaf
				.getExtension(x509.SubjectAlternativeNameExtension)
				?.names.items.map(({ type, value }) => ({ type, value }))
		).toEqual(PERSON_SANS);
		expect(leaf.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);
		expect(leaf.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(
			intermediate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId
		);
		// 128 random bits: 16 or 17 octets (a leading zero when the top bit is set).
		expect(leaf.serialNumber.replace(/^00/, '').length).toBeGreaterThanOrEqual(30);
		expect(leaf.serialNumber.length).toBeLessThanOrEqual(34);
		const months =
			(leaf.notAfter.getUTCFullYear() - leaf.notBefore.getUTCFullYear()) * 12 +
			leaf.notAfter.getUTCMonth() -
			leaf.notBefore.getUTCMonth();
		expect(months).toBeGreaterThanOrEqual(38);
		expect(months).toBeLessThanOrEqual(39);
		expect(opensslVerify(issued.body.chainPem, 'smimesign')).toContain(': OK');
		expect(opensslVerify(issued.body.chainPem, 'sslclient')).toContain(': OK');
	});

	it('gives an EC key digitalSignature only, and a server order its DNS names and serverAuth', async () => {
		const { api, token } = await openedOrder(server, {
			productId: 'org-tls-server',
			subject: SERVER
		});
		const issued = await api.request(token, await csrFor(SERVER, SERVER_SANS, 'P-384'));
		expect(issued.status).toBe(200);
		const [leaf] = certificates(issued.body.chainPem);
		expect(leaf?.getExtension(x509.KeyUsagesExtension)?.usages).toBe(
			x509.KeyUsageFlags.digitalSignature
		);
		expect(leaf?.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([
			x509.ExtendedKeyUsage.serverAuth,
			x509.ExtendedKeyUsage.clientAuth
		]);
		expect(
			leaf
				?.getExtension(x509.SubjectAlternativeNameExtension)
				?.names.items.map(({ type, value }) => ({ type, value }))
		).toEqual(SERVER_SANS);
		expect(opensslVerify(issued.body.chainPem, 'sslserver')).toContain(': OK');
	});
});

describe('one key per order', () => {
	it('answers the same key again with the same certificate and refuses another key', async () => {
		const { created, api, token } = await openedOrder(server);
		const keys = await csrFor();
		const first = await api.request(token, keys);
		const second = await api.request(token, keys);
		expect(second.status).toBe(200);
		expect(second.body.chainPem).toBe(first.body.chainPem);
		const other = await api.request(token, await csrFor());
		expect(other.status).toBe(409);
		expect(other.body.code).toBe('csr_already_used');
		expect((await order(server, created.order.id)).status).toBe('issued');
		const events = (await auditTrail(server, created.order.id)).map((entry) => entry.event);
		expect(events.filter((event) => event === 'issuance_started')).toHaveLength(1);
		expect(events.filter((event) => event === 'certificate_issued')).toHaveLength(1);
	});

	it('refuses a key that another order already used', async () => {
		const csr = await csrFor();
		const first = await openedOrder(server);
		expect((await first.api.request(first.token, csr)).status).toBe(200);
		const second = await openedOrder(server);
		const reused = await second.api.request(second.token, csr);
		expect(reused.body.code).toBe('csr_already_used');
		expect((await order(server, second.created.order.id)).status).toBe('awaiting_pickup');
	});

	it('accepts an uploaded request made by OpenSSL ("I have my CSR")', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'csr-'));
		try {
			execFileSync(
				'openssl',
				[
					'req',
					'-new',
					'-newkey',
					'rsa:2048',
					'-nodes',
					'-keyout',
					join(dir, 'key.pem'),
					'-out',
					join(dir, 'req.pem'),
					'-utf8',
					'-subj',
					'/C=BE/O=Example BV/CN=Jan Peeters/emailAddress=jan@example.be',
					'-addext',
					'subjectAltName=email:jan@example.be'
				],
				{ stdio: 'ignore' }
			);
			const { api, token } = await openedOrder(server);
			const issued = await api.request(token, readFileSync(join(dir, 'req.pem'), 'utf8'));
			expect(issued.body.status).toBe('issued');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('requests that do not fit the order', () => {
	it('refuses another subject, other names and a disallowed key without changing the order', async () => {
		const { created, api, token } = await openedOrder(server, {
			keyAllowed: ['P-384'],
			keyRecommended: 'P-384'
		});
		const before = await order(server, created.order.id);
		const otherSubject = PERSON.map((attribute) =>
			attribute.type === 'CN' ? { ...attribute, value: 'Piet Janssens' } : attribute
		);
		expect(
			(await api.request(token, await csrFor(otherSubject, PERSON_SANS, 'P-384'))).body.code
		).toBe('csr_subject_mismatch');
		expect(
			(
				await api.request(
					token,
					await csrFor(PERSON, [{ type: 'email', value: 'other@example.be' }], 'P-384')
				)
			).body.code
		).toBe('csr_subject_mismatch');
		const reordered = [...PERSON].reverse();
		expect(
			(await api.request(token, await csrFor(reordered, PERSON_SANS, 'P-384'))).body.code
		).toBe('csr_subject_mismatch');
		const wrongKey = await api.request(token, await csrFor(PERSON, PERSON_SANS, 'P-256'));
		expect(wrongKey.status).toBe(409);
		expect(wrongKey.body.code).toBe('csr_key_not_allowed');
		const agreement = await api.request(
			token,
			await csrFor(PERSON, PERSON_SANS, 'P-384'),
			'subscriber-1999-01'
		);
		expect(agreement.body.code).toBe('agreement_version_mismatch');
		const after = await order(server, created.order.id);
		expect({ ...after, updatedAt: '', revision: 0 }).toEqual({
			...before,
			updatedAt: '',
			revision: 0
		});
		expect(after.status).toBe('awaiting_pickup');
		const refusals = (await auditTrail(server, created.order.id)).filter(
			(entry) => entry.event === 'request_refused'
		);
		expect(refusals.map((entry) => JSON.parse(entry.detail ?? '{}').code)).toEqual([
			'csr_subject_mismatch',
			'csr_subject_mismatch',
			'csr_subject_mismatch',
			'csr_key_not_allowed'
		]);
	});

	it('says a certificate is not ready before any request', async () => {
		const { api, token } = await openedOrder(server);
		const early = await api.certificate(token);
		expect(early.status).toBe(409);
		expect(early.body.code).toBe('certificate_not_ready');
		expect((await api.collected(token)).body.code).toBe('certificate_not_ready');
	});
});

describe('delayed issuance', () => {
	it('answers pending with Retry-After, keeps the request across a restart, then issues', async () => {
		const { created, api, token } = await openedOrder(server, { issuanceDelaySeconds: 2 });
		const csr = await csrFor();
		const pending = await api.request(token, csr);
		expect(pending.status).toBe(202);
		expect(pending.body).toEqual({ status: 'pending', retryAfterSeconds: 2 });
		expect(pending.headers.get('retry-after')).toBe('2');
		expect((await order(server, created.order.id)).status).toBe('pending');
		const again = await api.request(token, csr);
		expect(again.status).toBe(202);
		expect((await api.request(token, await csrFor())).body.code).toBe('csr_already_used');
		expect((await api.collected(token)).body.code).toBe('certificate_not_ready');
		await server.restart();
		const polled = await api.certificate(token);
		if (polled.status === 202) {
			expect(polled.body.retryAfterSeconds).toBeGreaterThan(0);
			await new Promise((resolve) => setTimeout(resolve, polled.body.retryAfterSeconds * 1000));
		}
		const [first, second] = await Promise.all([api.certificate(token), api.certificate(token)]);
		expect(first?.status, JSON.stringify(first?.body)).toBe(200);
		expect(second?.body.chainPem).toBe(first?.body.chainPem);
		expect((await order(server, created.order.id)).status).toBe('issued');
		const statuses = (await auditTrail(server, created.order.id))
			.filter((entry) => entry.toStatus !== entry.fromStatus)
			.map((entry) => entry.toStatus);
		expect(statuses).toEqual(['awaiting_pickup', 'request_received', 'pending', 'issued']);
	});
});
