/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Offline shell, for applicants on a bad connection (a train, a hotel): precaches every file of
 * this version, the crypto chunk included, so that after one visit the app starts and builds files
 * with no network. The pickup API is never cached: its answers belong to one applicant and one moment.
 * The operator console's files are not precached: an applicant never loads them, and the console
 * works only online (scripts/console-chunks-plugin.ts lists them at build time).
 */
import { build, files, version } from '$service-worker';
import { CONFIG_CACHE, SHELL_CACHE_PREFIX } from '$lib/pwa/cache-names.ts';

const worker = self as unknown as ServiceWorkerGlobalScope;
const SHELL_CACHE = `${SHELL_CACHE_PREFIX}${version}`;
const CONFIG_PATH = '/config.json';
// The adapter's fallback page, which the server answers for every app path.
const SHELL_PAGE = '/';
// Written by the client build just before this worker is built; absent only outside a build.
const consoleOnlyLists = import.meta.glob<string[]>(
	'/.svelte-kit/output/client/.vite/console-only.json',
	{
		eager: true,
		import: 'files',
		exhaustive: true
	}
);
const CONSOLE_ONLY = new Set(Object.values(consoleOnlyLists).flat());
const PRECACHED = [
	SHELL_PAGE,
	...build.filter((file) => !CONSOLE_ONLY.has(file.replace(/^.*?\/_app\//, '_app/'))),
	...files.filter((file) => file !== CONFIG_PATH)
];

worker.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			await (await caches.open(SHELL_CACHE)).addAll(PRECACHED);
			const config = await fetch(CONFIG_PATH, { cache: 'no-store' }).catch(() => null);
			if (config?.ok) await (await caches.open(CONFIG_CACHE)).put(CONFIG_PATH, config);
		})()
	);
});

worker.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const name of await caches.keys()) {
				if (name !== SHELL_CACHE && name !== CONFIG_CACHE) await caches.delete(name);
			}
			await worker.clients.claim();
		})()
	);
});

// A new version waits until the page says the applicant agreed (src/lib/pwa/register.ts).
worker.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') void worker.skipWaiting();
});

worker.addEventListener('fetch', (event) => {
	const url = new URL(event.request.url);
	if (event.request.method !== 'GET' || url.origin !== worker.location.origin) return;
	if (url.pathname.startsWith('/api/')) return;
	if (url.pathname === CONFIG_PATH) {
		event.respondWith(configFirstFromNetwork(event.request));
		return;
	}
	if (event.request.mode === 'navigate') {
		event.respondWith(fromShell(SHELL_PAGE, event.request));
		return;
	}
	event.respondWith(fromShell(url.pathname, event.request));
});

async function fromShell(path: string, request: Request): Promise<Response> {
	const cached = await (await caches.open(SHELL_CACHE)).match(path);
	return cached ?? fetch(request);
}

/** The deployment may change its configuration at any time; offline, the last one seen serves. */
async function configFirstFromNetwork(request: Request): Promise<Response> {
	const cache = await caches.open(CONFIG_CACHE);
	try {
		const response = await fetch(request);
		if (response.ok) await cache.put(CONFIG_PATH, response.clone());
		return response;
	} catch (error) {
		const cached = await cache.match(CONFIG_PATH);
		if (cached) return cached;
		throw error;
	}
}
