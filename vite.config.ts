import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [
		sveltekit(),
		// Under Vitest the messages are compiled once beforehand (npm run i18n); the plugin's file
		// watcher would keep the test process from exiting.
		process.env.VITEST
			? []
			: paraglideVitePlugin({
					project: './project.inlang',
					outdir: './src/lib/paraglide',
					strategy: ['localStorage', 'preferredLanguage', 'baseLocale']
				})
	],
	// Component tests mount Svelte's browser build in jsdom.
	resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
	test: {
		include: ['tests/unit/**/*.test.ts', 'tests/interop/**/*.test.ts', 'tests/server/**/*.test.ts'],
		testTimeout: 120_000,
		hookTimeout: 120_000
	}
});
