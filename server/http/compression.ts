/**
 * Compressed copies of the app's text files, made once per file version and kept in memory: the
 * app is a few hundred kilobytes of JavaScript, and applicants on slow connections (a train, a
 * rural line) should not wait for bytes a compressor removes. Brotli where the browser takes it, else gzip.
 *
 * The build writes its own copies beside the files (`name.br`, `name.gz`: adapter-static's
 * `precompress`), so a server start has nothing to compress. A copy is used only if it decompresses
 * to the file as it is now: a config.json rewritten after the build keeps the build's stale copies.
 *
 * The compressors run on libuv's thread pool, not the event loop: brotli takes 250 ms over the
 * crypto worker's script alone, and run inline it held up every other request, API calls included.
 */
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants, gunzip, gzip } from 'node:zlib';
import type { StaticFile } from './static-site.ts';

const COMPRESSIBLE = /^(text\/|application\/(javascript|json|manifest\+json|xml)|image\/svg\+xml)/;
// Below this, headers cost more than compression saves.
const MIN_BYTES = 1024;

type Encoding = 'br' | 'gzip';
const ENCODINGS: readonly Encoding[] = ['br', 'gzip'];

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const ENCODERS: Record<Encoding, (body: Uint8Array) => Promise<Uint8Array>> = {
	br: (body) => brotliAsync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 10 } }),
	gzip: (body) => gzipAsync(body, { level: 9 })
};
const DECODERS: Record<Encoding, (body: Uint8Array) => Promise<Uint8Array>> = {
	br: promisify(brotliDecompress),
	gzip: promisify(gunzip)
};
const BUILT_COPY_EXTENSIONS: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/** By encoding and file version; a copy under way is shared by every request that wants it. */
const cache = new Map<string, Promise<Uint8Array>>();

function chosenEncoding(acceptEncoding: string): Encoding | null {
	const accepted = acceptEncoding
		.toLowerCase()
		.split(',')
		.map((part) => part.trim().split(';')[0]);
	if (accepted.includes('br')) return 'br';
	if (accepted.includes('gzip')) return 'gzip';
	return null;
}

function isCompressible(file: StaticFile): boolean {
	return COMPRESSIBLE.test(file.headers['content-type'] ?? '') && file.body.byteLength >= MIN_BYTES;
}

/** The build's copy of the file in `encoding`, if it holds exactly the file's bytes. */
async function builtCopy(file: StaticFile, encoding: Encoding): Promise<Uint8Array | undefined> {
	if (!file.path) return undefined;
	const copy = await readFile(file.path + BUILT_COPY_EXTENSIONS[encoding]).catch(() => undefined);
	if (!copy) return undefined;
	const decoded = await DECODERS[encoding](copy).catch(() => undefined);
	return decoded && Buffer.compare(decoded, file.body) === 0 ? copy : undefined;
}

function compressedCopy(file: StaticFile, encoding: Encoding): Promise<Uint8Array> {
	const key = `${encoding}:${file.version}`;
	let copy = cache.get(key);
	if (!copy) {
		copy = builtCopy(file, encoding).then((built) => built ?? ENCODERS[encoding](file.body));
		cache.set(key, copy);
		// A failed copy is made again by the next request, which meanwhile gets the file as it is.
		copy.catch(() => cache.delete(key));
	}
	return copy;
}

export async function compressed(file: StaticFile, acceptEncoding: string): Promise<StaticFile> {
	if (!isCompressible(file)) return file;
	const headers = { ...file.headers, vary: 'accept-encoding' };
	const encoding = chosenEncoding(acceptEncoding);
	if (!encoding) return { ...file, headers };
	const body = await compressedCopy(file, encoding).catch(() => null);
	if (!body) return { ...file, headers };
	return { body, version: file.version, headers: { ...headers, 'content-encoding': encoding } };
}

/** Makes a file's compressed copies before any request asks for them; false if it has none. */
export async function precompress(file: StaticFile): Promise<boolean> {
	if (!isCompressible(file)) return false;
	await Promise.all(ENCODINGS.map((encoding) => compressedCopy(file, encoding)));
	return true;
}
