import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { get, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, useServer } from './harness.ts';

const META_POLICY =
	"default-src 'self'; script-src 'self' 'sha256-AbCdEf0123456789+/='; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const LARGE_SCRIPT = Array.from({ length: 400 }, (_, i) => `export const value${i} = ${i};`).join(
	'\n'
);

const server = useServer({
	CORS_ORIGINS: 'https://app.example.org',
	API_ORIGINS: 'https://ca.example.org'
});
beforeAll(() => {
	const build = server.env.BUILD_DIR as string;
	mkdirSync(join(build, '_app', 'immutable'), { recursive: true });
	writeFileSync(
		join(build, 'index.html'),
		`<!doctype html><html><head><meta http-equiv="content-security-policy" content="${META_POLICY}"></head><body>app</body></html>`
	);
	writeFileSync(join(build, '_app', 'immutable', 'entry.abc123.js'), 'export {};');
	writeFileSync(join(build, '_app', 'immutable', 'large.abc123.js'), LARGE_SCRIPT);
	writeFileSync(join(build, 'service-worker.js'), 'self.addEventListener("fetch", () => {});');
});

/** Raw bytes and headers, without fetch's transparent decompression. */
function rawGet(
	path: string,
	acceptEncoding: string
): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
	return new Promise((resolve, reject) => {
		get(server.url + path, { headers: { 'accept-encoding': acceptEncoding } }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
		}).on('error', reject);
	});
}

describe('compression', () => {
	it('sends brotli or gzip as the browser accepts, and the bytes decompress to the file', async () => {
		const brotli = await rawGet('/_app/immutable/large.abc123.js', 'gzip, deflate, br');
		expect(brotli.headers['content-encoding']).toBe('br');
		expect(brotli.headers.vary).toBe('accept-encoding');
		expect(brotliDecompressSync(brotli.body).toString()).toBe(LARGE_SCRIPT);
		expect(brotli.body.length).toBeLessThan(LARGE_SCRIPT.length / 4);
		const gzip = await rawGet('/_app/immutable/large.abc123.js', 'gzip');
		expect(gzip.headers['content-encoding']).toBe('gzip');
		expect(gunzipSync(gzip.body).toString()).toBe(LARGE_SCRIPT);
	});

	it('sends the file as it is to a client that accepts no compression, and tiny files always', async () => {
		const plain = await rawGet('/_app/immutable/large.abc123.js', 'identity');
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(plain.body.toString()).toBe(LARGE_SCRIPT);
		const tiny = await rawGet('/_app/immutable/entry.abc123.js', 'br');
		expect(tiny.headers['content-encoding']).toBeUndefined();
	});
});

describe('the served app', () => {
	it("falls back to index.html for page paths, with a CSP header carrying the page's script hashes", async () => {
		const page = await send(server, 'GET', '/pickup');
		expect(page.status).toBe(200);
		expect(page.body).toContain('app');
		const policy = page.headers.get('content-security-policy') ?? '';
		expect(policy).toContain("script-src 'self' 'sha256-AbCdEf0123456789+/='");
		expect(policy).toContain("frame-ancestors 'none'");
		expect(policy).toContain("connect-src 'self' https://ca.example.org");
		expect(policy).toContain("default-src 'self'");
		expect(policy).toContain("worker-src 'self'");
		expect(policy).toContain("object-src 'none'");
		expect(policy).toContain("base-uri 'none'");
		expect(page.headers.get('x-content-type-options')).toBe('nosniff');
		expect(page.headers.get('referrer-policy')).toBe('no-referrer');
		expect(page.headers.get('x-frame-options')).toBe('DENY');
		expect(page.headers.get('cache-control')).toBe('no-cache');
	});

	it('serves hashed assets as immutable and the service worker as revalidated', async () => {
		const asset = await send(server, 'GET', '/_app/immutable/entry.abc123.js');
		expect(asset.status).toBe(200);
		expect(asset.headers.get('content-type')).toContain('text/javascript');
		expect(asset.headers.get('cache-control')).toContain('immutable');
		const worker = await send(server, 'GET', '/service-worker.js');
		expect(worker.headers.get('cache-control')).toBe('no-cache');
	});

	it("gives scripts the app's policy, which governs them as workers: the service worker may fetch the app", async () => {
		for (const path of ['/service-worker.js', '/_app/immutable/entry.abc123.js']) {
			const policy = (await send(server, 'GET', path)).headers.get('content-security-policy');
			expect(policy).toContain("connect-src 'self' https://ca.example.org");
			expect(policy).toContain("script-src 'self'");
			expect(policy).toContain("worker-src 'self'");
			expect(policy).not.toContain("default-src 'none'");
		}
	});

	it('answers missing assets and path tricks with 404, never another file', async () => {
		expect((await send(server, 'GET', '/_app/immutable/missing.js')).status).toBe(404);
		expect((await send(server, 'GET', '/..%2f..%2fetc%2fpasswd')).status).toBe(404);
		expect((await send(server, 'GET', '/%2e%2e/orders.sqlite')).status).toBe(404);
		expect((await send(server, 'GET', '/%00')).status).toBe(404);
	});

	it('answers unknown API paths with a problem, not the app', async () => {
		const missing = await send(server, 'GET', '/api/v1/nothing');
		expect(missing.status).toBe(404);
		expect(missing.headers.get('content-type')).toBe('application/problem+json');
		expect(missing.body.code).toBe('not_found');
	});

	it('lets a configured origin call the API and no other', async () => {
		const allowed = await send(server, 'OPTIONS', '/api/v1/orders/x/summary', {
			headers: {
				origin: 'https://app.example.org',
				'access-control-request-method': 'POST',
				'access-control-request-headers': 'content-type'
			}
		});
		expect(allowed.status).toBe(204);
		expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
		const chain = await send(server, 'GET', '/api/v1/ca/chain', {
			headers: { origin: 'https://evil.example' }
		});
		expect(chain.headers.get('access-control-allow-origin')).toBeNull();
		expect(chain.headers.get('cache-control')).toBe('no-store');
	});

	it("tells the server's share of each API round trip in Server-Timing, pages not", async () => {
		const summary = await send(server, 'POST', '/api/v1/orders/x/summary', {
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ linkSecret: 'nope' })
		});
		expect(summary.status).toBe(404);
		expect(summary.headers.get('server-timing')).toMatch(/^app;dur=\d+\.\d$/);
		expect((await send(server, 'GET', '/pickup')).headers.get('server-timing')).toBeNull();
	});
});

describe('files changed while the server runs', () => {
	const outside = mkdtempSync(join(tmpdir(), 'outside-build-'));
	afterAll(() => rmSync(outside, { recursive: true, force: true }));
	const build = () => server.env.BUILD_DIR as string;
	/** Dated a minute back: settled, so the server keeps what it reads of it. */
	const settle = (file: string) =>
		utimesSync(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
	const body = async (path: string) => String((await send(server, 'GET', path)).body);

	it('serves a settled file kept from before as it is now once it is rewritten in place', async () => {
		const file = join(build(), 'notes.txt');
		writeFileSync(file, 'first version');
		settle(file);
		expect(await body('/notes.txt')).toBe('first version');
		expect(await body('/notes.txt')).toBe('first version');
		writeFileSync(file, 'again version');
		expect(await body('/notes.txt')).toBe('again version');
	});

	it('serves a file rewritten within one tick of the clock, same size and time, as it is now', async () => {
		// Two writes within one tick of the kernel's clock take the same time: dated alike here.
		const file = join(build(), 'status.txt');
		const tick = new Date(Date.now());
		for (const value of ['version 1', 'version 2', 'version 3']) {
			writeFileSync(file, value);
			utimesSync(file, tick, tick);
			expect(await body('/status.txt')).toBe(value);
		}
	});

	it('sends a file rewritten within one tick compressed as it is now, not as it was', async () => {
		const file = join(build(), 'notes-large.txt');
		const tick = new Date(Date.now());
		for (const letter of ['a', 'b']) {
			const value = letter.repeat(4096);
			writeFileSync(file, value);
			utimesSync(file, tick, tick);
			const { headers, body: sent } = await rawGet('/notes-large.txt', 'br');
			expect(headers['content-encoding']).toBe('br');
			expect(String(brotliDecompressSync(sent))).toBe(value);
		}
	});

	it('no longer serves a file kept from before once it is a symlink out of the build', async () => {
		const file = join(build(), 'late.txt');
		writeFileSync(file, 'served');
		settle(file);
		expect(await body('/late.txt')).toBe('served');
		writeFileSync(join(outside, 'secret.txt'), 'SECRET outside');
		rmSync(file);
		symlinkSync(join(outside, 'secret.txt'), file);
		const answer = await send(server, 'GET', '/late.txt');
		expect(answer.status).toBe(404);
		expect(String(answer.body)).not.toContain('SECRET');
	});
});

describe('files the build directory holds but must not serve', () => {
	const outside = mkdtempSync(join(tmpdir(), 'outside-build-'));
	afterAll(() => rmSync(outside, { recursive: true, force: true }));
	beforeAll(() => {
		const build = server.env.BUILD_DIR as string;
		writeFileSync(join(build, '.env'), 'SECRET=1');
		mkdirSync(join(build, '.git'));
		writeFileSync(join(build, '.git', 'config'), '[core]');
		writeFileSync(join(build, '.well-hidden.js'), 'export {};');
		symlinkSync('/etc/passwd', join(build, 'passwd.txt'));
		writeFileSync(join(outside, 'secret.txt'), 'SECRET outside');
		symlinkSync(outside, join(build, 'linked'));
	});

	it.each([
		'/.env',
		'/.git/config',
		'/%2egit/config',
		'/.well-hidden.js',
		'/passwd.txt',
		'/linked/secret.txt'
	])('answers %s with 404', async (path) => {
		const answer = await send(server, 'GET', path);
		expect(answer.status).toBe(404);
		expect(String(answer.body)).not.toMatch(/SECRET|\[core\]|root:/);
	});
});

describe('security headers on every response', () => {
	const https = useServer({ PUBLIC_URL: 'https://pickup.example.org' });

	it.each([
		['an unknown asset', '/_app/immutable/missing.js'],
		['an unknown API path', '/api/v1/nothing'],
		['an API answer', '/api/v1/ca/chain'],
		['a refused request', '/api/v1/orders/unknown1/certificate']
	])('%s carries nosniff, a policy and HSTS for an https public URL', async (_, path) => {
		const answer = await send(https, 'GET', path);
		expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
		expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
		expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
		expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
		expect(answer.headers.get('x-frame-options')).toBe('DENY');
		expect(answer.headers.get('strict-transport-security')).toBe('max-age=31536000');
	});

	it('sends no HSTS for a plain http public URL', async () => {
		const answer = await send(server, 'GET', '/api/v1/ca/chain');
		expect(answer.headers.get('strict-transport-security')).toBeNull();
		expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
	});
});
