import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// precompress: a brotli and a gzip copy beside each text file, which the reference server
		// serves (server/http/compression.ts) and other web servers can (docs/deployment.md).
		adapter: adapter({ fallback: 'index.html', strict: true, precompress: true }),
		// Registered by src/lib/pwa/register.ts, which holds updates back during a pickup.
		serviceWorker: { register: false },
		// The reference server shares the app's types (src/lib/domain, the wire contract):
		// checked with it, a code or status added to a shared list fails the check until both handle it.
		// The benchmarks and build scripts call the app's modules too, so a changed signature fails
		// the check there as well instead of failing the next `npm run bench`.
		typescript: {
			config: (config) => {
				config.include.push('../server/**/*.ts', '../bench/**/*.ts', '../scripts/**/*.ts');
			}
		},
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// The crypto runs in a module worker from the app's own files (src/lib/pickup/crypto.ts).
				'worker-src': ['self'],
				// The one inline style the app needs is the style attribute of SvelteKit's route announcer
				// (kit/src/core/sync/write_root.js); allowed by its hash alone, never 'unsafe-inline'.
				'style-src': [
					'self',
					'unsafe-hashes',
					'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='
				],
				'img-src': ['self', 'data:'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['none'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
