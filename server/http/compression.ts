/**
 * Compressed copies of the app's text files, made once per file version and kept in memory: the
 * app is a few hundred kilobytes of JavaScript, and applicants on slow connections (a train, a
 * rural line) should not wait for bytes a compressor removes. Brotli where the browser takes it, else gzip.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { StaticFile } from './static-site.ts';

const COMPRESSIBLE = /^(text\/|application\/(javascript|json|manifest\+json|xml)|image\/svg\+xml)/;
// Below this, headers cost more than compression saves.
const MIN_BYTES = 1024;

type Encoding = 'br' | 'gzip';
const cache = new Map<string, Uint8Array>();

function chosenEncoding(acceptEncoding: string): Encoding | null {
	const accepted = acceptEncoding
		.toLowerCase()
		.split(',')
		.map((part) => part.trim().split(';')[0]);
	if (accepted.includes('br')) return 'br';
	if (accepted.includes('gzip')) return 'gzip';
	return null;
}

export function compressed(file: StaticFile, acceptEncoding: string): StaticFile {
	const type = file.headers['content-type'] ?? '';
	const encoding = chosenEncoding(acceptEncoding);
	if (!COMPRESSIBLE.test(type) || file.body.byteLength < MIN_BYTES) return file;
	const headers = { ...file.headers, vary: 'accept-encoding' };
	if (!encoding) return { ...file, headers };
	const key = `${encoding}:${file.version}`;
	let body = cache.get(key);
	if (!body) {
		body =
			encoding === 'br'
				? brotliCompressSync(file.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 10 } })
				: gzipSync(file.body, { level: 9 });
		cache.set(key, body);
	}
	return { body, version: file.version, headers: { ...headers, 'content-encoding': encoding } };
}
