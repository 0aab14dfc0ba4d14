import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import type { StaticFile } from '../../server/http/static-site.ts';

// Counts the compressions actually run; the copies themselves stay real, unless a test makes the
// next brotli compression fail.
const runs = vi.hoisted(() => ({ brotli: 0, gzip: 0 }));
const brotliFails = vi.hoisted(() => ({ next: false }));
vi.mock('node:zlib', async (importOriginal) => {
	const zlib = await importOriginal<typeof import('node:zlib')>();
	return {
		...zlib,
		brotliCompress: ((...args: Parameters<typeof zlib.brotliCompress>) => {
			runs.brotli++;
			if (brotliFails.next) {
				brotliFails.next = false;
				const callback = args.at(-1) as (error: Error | null, result?: Buffer) => void;
				setImmediate(() => callback(new Error('out of memory')));
				return;
			}
			return (zlib.brotliCompress as (...a: unknown[]) => void)(...args);
		}) as typeof zlib.brotliCompress,
		gzip: ((...args: Parameters<typeof zlib.gzip>) => {
			runs.gzip++;
			return (zlib.gzip as (...a: unknown[]) => void)(...args);
		}) as typeof zlib.gzip
	};
});

const { brotliCompressSync, brotliDecompressSync, constants, gzipSync, gunzipSync } =
	await import('node:zlib');
const { compressed, precompress } = await import('../../server/http/compression.ts');
const { warmCompressedCopies } = await import('../../server/http/compression-warm-up.ts');
const { staticFile } = await import('../../server/http/static-site.ts');

const SCRIPT = Array.from({ length: 300 }, (_, i) => `export const value${i} = ${i};`).join('\n');
let versions = 0;
/** A file version no earlier test compressed. */
function script(): StaticFile {
	return {
		body: new TextEncoder().encode(SCRIPT),
		version: `test-${versions++}`,
		headers: { 'content-type': 'text/javascript; charset=utf-8' }
	};
}

beforeEach(() => {
	runs.brotli = 0;
	runs.gzip = 0;
});

describe('compressed copies', () => {
	it('compresses a file once however many requests ask for it at the same time', async () => {
		const file = script();
		const served = await Promise.all([1, 2, 3].map(() => compressed(file, 'gzip, br')));
		expect(runs.brotli).toBe(1);
		for (const response of served) {
			expect(response.headers['content-encoding']).toBe('br');
			expect(new TextDecoder().decode(brotliDecompressSync(response.body))).toBe(SCRIPT);
		}
	});

	it('serves both encodings from copies made ahead, compressing nothing on the request', async () => {
		const file = script();
		expect(await precompress(file)).toBe(true);
		expect(runs).toEqual({ brotli: 1, gzip: 1 });
		expect((await compressed(file, 'br')).headers['content-encoding']).toBe('br');
		expect((await compressed(file, 'gzip')).headers['content-encoding']).toBe('gzip');
		expect(runs).toEqual({ brotli: 1, gzip: 1 });
	});

	it('serves the file as it is when its compression fails, and compresses it again next time', async () => {
		const file = script();
		brotliFails.next = true;
		const failed = await compressed(file, 'br');
		expect(failed.headers['content-encoding']).toBeUndefined();
		expect(failed.headers.vary).toBe('accept-encoding');
		expect(new TextDecoder().decode(failed.body)).toBe(SCRIPT);
		const next = await compressed(file, 'br');
		expect(next.headers['content-encoding']).toBe('br');
		expect(new TextDecoder().decode(brotliDecompressSync(next.body))).toBe(SCRIPT);
		expect(runs.brotli).toBe(2);
	});

	it('makes no copy of a file too small or not text', async () => {
		const tiny = { ...script(), body: new TextEncoder().encode('export {};') };
		const image = { ...script(), headers: { 'content-type': 'image/png' } };
		expect(await precompress(tiny)).toBe(false);
		expect(await precompress(image)).toBe(false);
		expect(runs).toEqual({ brotli: 0, gzip: 0 });
	});
});

describe('warming the copies as the server starts', () => {
	const build = mkdtempSync(join(tmpdir(), 'pickup-warm-'));
	const outside = mkdtempSync(join(tmpdir(), 'pickup-outside-'));
	afterAll(() => {
		rmSync(build, { recursive: true, force: true });
		rmSync(outside, { recursive: true, force: true });
	});

	it('compresses every file a request could be served, and only those', async () => {
		mkdirSync(join(build, '_app', 'immutable', 'workers'), { recursive: true });
		mkdirSync(join(build, '.git'));
		writeFileSync(join(build, 'index.html'), `<!doctype html><p>${SCRIPT}</p>`);
		writeFileSync(join(build, '_app', 'immutable', 'workers', 'crypto.abc.js'), SCRIPT);
		writeFileSync(join(build, '_app', 'immutable', 'tiny.abc.js'), 'export {};');
		// A stale copy from an earlier build: not a file of its own to compress, nor served for one.
		writeFileSync(join(build, '_app', 'immutable', 'workers', 'crypto.abc.js.br'), 'stale');
		writeFileSync(join(build, '.git', 'config'), SCRIPT);
		writeFileSync(join(outside, 'secret.txt'), SCRIPT);
		symlinkSync(join(outside, 'secret.txt'), join(build, 'secret.txt'));
		const config = { ...loadConfig({}), buildDir: build };
		const made: string[] = [];
		const count = await warmCompressedCopies(config, async (file) => {
			made.push(file.headers['content-type'] ?? '');
			return precompress(file);
		});
		expect(count).toBe(2);
		expect(made.sort()).toEqual([
			'text/html; charset=utf-8',
			'text/javascript; charset=utf-8',
			'text/javascript; charset=utf-8'
		]);
		expect(runs).toEqual({ brotli: 2, gzip: 2 });
	});

	it('does nothing without a build, and outlives a file it cannot compress', async () => {
		const missing = { ...loadConfig({}), buildDir: join(build, 'no-such-dir') };
		expect(await warmCompressedCopies(missing)).toBe(0);
		const config = { ...loadConfig({}), buildDir: build };
		const failing = vi.fn(async () => {
			throw new Error('out of memory');
		});
		expect(await warmCompressedCopies(config, failing)).toBe(0);
		expect(failing).toHaveBeenCalledTimes(3);
	});
});

describe("the build's own copies (adapter-static's precompress)", () => {
	const build = mkdtempSync(join(tmpdir(), 'pickup-built-copies-'));
	const config = { ...loadConfig({}), buildDir: build };
	afterAll(() => rmSync(build, { recursive: true, force: true }));
	// Brotli at its lowest quality: bytes of its own, which no copy this server makes has.
	const fastBrotli = (text: string) =>
		brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } });

	async function served(name: string, acceptEncoding: string) {
		const file = await staticFile(config, `/${name}`);
		if (!file) throw new Error(`${name} is not served`);
		return compressed(file, acceptEncoding);
	}

	it('serves the copies beside the file, compressing nothing', async () => {
		writeFileSync(join(build, 'app.js'), SCRIPT);
		writeFileSync(join(build, 'app.js.br'), fastBrotli(SCRIPT));
		writeFileSync(join(build, 'app.js.gz'), gzipSync(SCRIPT, { level: 1 }));
		const br = await served('app.js', 'br');
		expect(br.headers['content-encoding']).toBe('br');
		expect(Buffer.compare(br.body, fastBrotli(SCRIPT))).toBe(0);
		const gzip = await served('app.js', 'gzip');
		expect(gzip.headers['content-encoding']).toBe('gzip');
		expect(gunzipSync(gzip.body).toString()).toBe(SCRIPT);
		expect(runs).toEqual({ brotli: 0, gzip: 0 });
	});

	it('compresses the file itself when a copy is of another version of it (a config.json edited after the build)', async () => {
		const edited = JSON.stringify({ apiBaseUrl: 'https://ca.example/api/v1', note: SCRIPT });
		writeFileSync(join(build, 'config.json'), edited);
		writeFileSync(join(build, 'config.json.br'), fastBrotli(edited.replace('ca.example', 'old')));
		const br = await served('config.json', 'br');
		expect(br.headers['content-encoding']).toBe('br');
		expect(brotliDecompressSync(br.body).toString()).toBe(edited);
		expect(runs.brotli).toBe(1);
	});

	it('compresses the file itself when a copy is not brotli or gzip at all', async () => {
		writeFileSync(join(build, 'page.js'), `${SCRIPT}\n// page`);
		writeFileSync(join(build, 'page.js.br'), 'not brotli');
		writeFileSync(join(build, 'page.js.gz'), 'not gzip');
		const br = await served('page.js', 'br');
		expect(brotliDecompressSync(br.body).toString()).toBe(`${SCRIPT}\n// page`);
		const gzip = await served('page.js', 'gzip');
		expect(gunzipSync(gzip.body).toString()).toBe(`${SCRIPT}\n// page`);
		expect(runs).toEqual({ brotli: 1, gzip: 1 });
	});
});
