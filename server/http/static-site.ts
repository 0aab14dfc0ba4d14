/**
 * Serves the built app (SvelteKit adapter-static output) from the same origin as the API. HTML
 * pages get a Content-Security-Policy header made from the policy SvelteKit wrote into the page's
 * own <meta> tag, so the hashes of its inline bootstrap script stay allowed, plus what a <meta>
 * policy cannot express (frame-ancestors). Dotfiles (.env, .git) and anything whose real path
 * leaves the build directory (a symlink to /etc) are never served.
 */
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Config } from '../config.ts';

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json',
	'.webmanifest': 'application/manifest+json',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.ico': 'image/x-icon',
	'.woff2': 'font/woff2',
	'.txt': 'text/plain; charset=utf-8',
	'.xml': 'application/xml',
	'.wasm': 'application/wasm'
};

const BASE_POLICY: Record<string, string[]> = {
	'default-src': ["'self'"],
	'script-src': ["'self'"],
	'worker-src': ["'self'"],
	'style-src': ["'self'"],
	'img-src': ["'self'", 'data:'],
	'connect-src': ["'self'"],
	'object-src': ["'none'"],
	'base-uri': ["'none'"],
	'form-action': ["'self'"]
};

export interface StaticFile {
	body: Uint8Array;
	/** Where the file is on disk, beside the build's compressed copies of it (./compression.ts). */
	path?: string;
	headers: Record<string, string>;
	/** Changes whenever the file does: what a cache of derived copies (compression) keys on. */
	version: string;
}

/**
 * The file for a request path: the file itself, `path.html` or `path/index.html` (prerendered
 * pages), else the SPA fallback index.html for paths that look like pages. Assets that do not exist
 * are a plain 404, not HTML a script tag would choke on.
 */
export async function staticFile(config: Config, path: string): Promise<StaticFile | undefined> {
	const decoded = safeDecode(path);
	if (decoded === undefined || decoded.split(/[/\\]/).some((segment) => segment.startsWith('.')))
		return undefined;
	const relative = normalize(decoded).replace(/^([/\\])+/, '');
	const candidates = [relative, `${relative}.html`, join(relative, 'index.html')];
	if (!extname(relative) || extname(relative) === '.html') candidates.push('index.html');
	const root = await realpath(config.buildDir).catch(() => undefined);
	if (!root) return undefined;
	for (const candidate of candidates) {
		const file = await realpath(join(root, candidate)).catch(() => undefined);
		if (!file?.startsWith(root + sep)) continue;
		const info = await stat(file).catch(() => undefined);
		if (!info?.isFile()) continue;
		return { ...serve(config, candidate, await contents(file, info)), path: file };
	}
	return undefined;
}

/**
 * The app's files as last read, by real path: a file whose inode, time and size are unchanged is
 * not read again (a browser installing the service worker fetches about 60 at once). Larger files,
 * which the app has none of, are read each time.
 */
const readFiles = new Map<string, { version: string; body: Uint8Array }>();
const KEPT_FILE_BYTES = 1024 * 1024;
// File times are as coarse as the kernel's clock tick, so a file written twice within one tick
// keeps its time and perhaps its size: one written in the last second is read each time (git's
// "racily clean" entries), and its version names its bytes, so that no copy made from what it held
// before (compression) is served either. A later write then takes a later time.
const SETTLED_MS = 1000;

async function contents(
	file: string,
	info: { ino: number; mtimeMs: number; size: number }
): Promise<{ version: string; body: Uint8Array }> {
	const stamp = `${file}:${info.ino}:${info.mtimeMs}:${info.size}`;
	const kept = readFiles.get(file);
	if (kept?.version === stamp) return kept;
	const body = await readFile(file);
	if (Date.now() - info.mtimeMs < SETTLED_MS) {
		readFiles.delete(file);
		return { version: `${stamp}:${createHash('sha256').update(body).digest('base64url')}`, body };
	}
	const read = { version: stamp, body };
	if (body.byteLength <= KEPT_FILE_BYTES) readFiles.set(file, read);
	else readFiles.delete(file);
	return read;
}

function serve(
	config: Config,
	name: string,
	{ body, version }: { body: Uint8Array; version: string }
): StaticFile {
	const extension = extname(name);
	const headers: Record<string, string> = {
		'content-type': TYPES[extension] ?? 'application/octet-stream',
		// Hashed names under _app/immutable never change; everything else (pages, the service
		// worker, the manifest) must be revalidated so an update reaches the applicant.
		'cache-control': name.startsWith(`_app${sep}immutable${sep}`)
			? 'public, max-age=31536000, immutable'
			: 'no-cache'
	};
	if (extension === '.html')
		headers['content-security-policy'] = pagePolicy(config, new TextDecoder().decode(body));
	// A script's own CSP header governs it when it runs as a worker (the service worker, module
	// workers): it must be the app's policy, or the service worker cannot fetch what it caches.
	else if (extension === '.js') headers['content-security-policy'] = pagePolicy(config, '');
	return { body, headers, version };
}

export function pagePolicy(config: Config, html: string): string {
	const policy: Record<string, string[]> = { ...BASE_POLICY, ...metaPolicy(html) };
	policy['connect-src'] = [
		...new Set([...(policy['connect-src'] ?? ["'self'"]), ...config.apiOrigins])
	];
	policy['frame-ancestors'] = ["'none'"];
	policy['object-src'] = ["'none'"];
	policy['base-uri'] = ["'none'"];
	return Object.entries(policy)
		.map(([directive, sources]) => [directive, ...sources].join(' '))
		.join('; ');
}

const META = /<meta\s+http-equiv=["']content-security-policy["']\s+content=["']([^"]*)["']/i;

function metaPolicy(html: string): Record<string, string[]> {
	const content = META.exec(html)?.[1];
	if (!content) return {};
	const decoded = content
		.replaceAll('&#39;', "'")
		.replaceAll('&quot;', '"')
		.replaceAll('&amp;', '&');
	const policy: Record<string, string[]> = {};
	for (const part of decoded.split(';')) {
		const [directive, ...sources] = part.trim().split(/\s+/);
		if (directive) policy[directive.toLowerCase()] = sources;
	}
	return policy;
}

function safeDecode(path: string): string | undefined {
	try {
		const decoded = decodeURIComponent(path);
		return decoded.includes('\0') ? undefined : decoded;
	} catch {
		return undefined;
	}
}
