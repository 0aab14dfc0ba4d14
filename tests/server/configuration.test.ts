import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import * as x509 from '../../src/lib/pki/x509.ts';
import {
	csrFor,
	openedOrder,
	opensslVerify,
	SERVER,
	SERVER_SANS,
	startServer,
	type TestServer
} from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'pickup-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(name: string, value: unknown): string {
	const path = join(dir, name);
	writeFileSync(path, JSON.stringify(value));
	return path;
}

describe('configuration', () => {
	it('reads a file and lets the environment override it', () => {
		const file = writeConfig('config.json', {
			port: 9000,
			contact: 'Support, +32 2 000 00 00',
			rateLimit: { perOrderPerMinute: 7 },
			products: { 'org-tls-server': { issuanceDelaySeconds: 30 } },
			corsOrigins: ['https://app.example.org']
		});
		const config = loadConfig({ CONFIG_FILE: file, PORT: '9100', DATA_DIR: '/srv/pickup' });
		expect(config).toMatchObject({
			port: 9100,
			dataDir: '/srv/pickup',
			contact: 'Support, +32 2 000 00 00',
			rateLimit: { perOrderPerMinute: 7, perAddressPerMinute: 120 },
			products: { 'org-tls-server': { issuanceDelaySeconds: 30 } },
			corsOrigins: ['https://app.example.org'],
			publicUrl: 'http://127.0.0.1:9100',
			scrypt: { log2N: 13, r: 8, p: 1 }
		});
		expect(loadConfig({ PUBLIC_URL: 'https://pickup.example.org/' }).publicUrl).toBe(
			'https://pickup.example.org'
		);
	});

	it('refuses values that are not what they claim to be', () => {
		expect(() => loadConfig({ PORT: '80a' })).toThrow(/PORT/);
		expect(() => loadConfig({ SCRYPT_LOG2_N: '4' })).toThrow(/scrypt/);
		expect(() => loadConfig({ CA_CERT_FILE: '/x.pem' })).toThrow(/CA_KEY_FILE/);
		expect(() => loadConfig({ CONFIG_FILE: writeConfig('list.json', [1]) })).toThrow(/object/);
	});
});

describe('a CA loaded from files, with AIA and CRL URLs and a delayed product', () => {
	let server: TestServer;
	beforeAll(async () => {
		const openssl = (...args: string[]) =>
			execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
		writeFileSync(
			join(dir, 'ca.ext'),
			'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n'
		);
		openssl(
			'req',
			'-x509',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-keyout',
			'root.key',
			'-out',
			'root.pem',
			'-days',
			'3650',
			'-subj',
			'/O=Example CA/CN=Example Root',
			'-addext',
			'keyUsage=critical,keyCertSign,cRLSign'
		);
		openssl(
			'genpkey',
			'-algorithm',
			'RSA',
			'-pkeyopt',
			'rsa_keygen_bits:2048',
			'-out',
			'issuing.key'
		);
		openssl(
			'req',
			'-new',
			'-key',
			'issuing.key',
			'-out',
			'issuing.csr',
			'-subj',
			'/O=Example CA/CN=Example Issuing CA'
		);
		openssl(
			'x509',
			'-req',
			'-in',
			'issuing.csr',
			'-CA',
			'root.pem',
			'-CAkey',
			'root.key',
			'-CAcreateserial',
			'-out',
			'issuing.pem',
			'-days',
			'1825',
			'-extfile',
			'ca.ext'
		);
		server = await startServer({
			CONFIG_FILE: writeConfig('server.json', {
				contact: 'the Example CA desk',
				products: { 'org-tls-server': { issuanceDelaySeconds: 60 } }
			}),
			CA_CERT_FILE: join(dir, 'issuing.pem'),
			CA_KEY_FILE: join(dir, 'issuing.key'),
			CA_CHAIN_FILE: join(dir, 'root.pem'),
			CA_ISSUER_URL: 'http://ca.example.org/issuing.cer',
			CA_OCSP_URL: 'http://ocsp.example.org',
			CA_CRL_URL: 'http://ca.example.org/issuing.crl'
		});
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('issues with the RSA issuing CA, puts the URLs in the certificate, and OpenSSL verifies the chain', async () => {
		const { api, token, created } = await openedOrder(server);
		expect((await api.summary(created.linkSecret)).body).toMatchObject({
			contact: 'the Example CA desk',
			issuer: 'O=Example CA, CN=Example Issuing CA'
		});
		const issued = await api.request(token, await csrFor());
		expect(issued.status).toBe(200);
		const [leaf, issuing, root] = x509.PemConverter.decode(issued.body.chainPem).map(
			(der) => new x509.X509Certificate(der)
		);
		expect(root?.subject).toBe('O=Example CA, CN=Example Root');
		expect(leaf?.signatureAlgorithm).toMatchObject({
			name: 'RSASSA-PKCS1-v1_5',
			hash: { name: 'SHA-256' }
		});
		expect(await leaf?.verify({ publicKey: issuing?.publicKey, signatureOnly: true })).toBe(true);
		const aia = leaf?.getExtension(x509.AuthorityInfoAccessExtension);
		expect(aia?.caIssuers.map((name) => name.value)).toEqual(['http://ca.example.org/issuing.cer']);
		expect(aia?.ocsp.map((name) => name.value)).toEqual(['http://ocsp.example.org']);
		expect(
			leaf?.getExtension(x509.CRLDistributionPointsExtension)?.distributionPoints[0]
				?.distributionPoint?.fullName?.[0]?.uniformResourceIdentifier
		).toBe('http://ca.example.org/issuing.crl');
		expect(opensslVerify(issued.body.chainPem, 'smimesign')).toContain(': OK');
	});

	it('delays issuance for the product configured so, and only for it', async () => {
		const { api, token } = await openedOrder(server, {
			productId: 'org-tls-server',
			subject: SERVER
		});
		const pending = await api.request(token, await csrFor(SERVER, SERVER_SANS));
		expect(pending.status).toBe(202);
		expect(pending.body.retryAfterSeconds).toBe(60);
	});
});
