import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { chunkModules, workerChunkModules } from './bench/chunk-modules.ts';
import { compileHints } from './scripts/compile-hints-plugin.ts';
import { consoleChunks } from './scripts/console-chunks-plugin.ts';
import { localeTexts } from './scripts/locale-texts-plugin.ts';
import { OWN_REGISTRY } from './tests/support/module-mocks.ts';

/** Bundles the server for the run (the test servers start faster from it). */
const SERVER_BUNDLE = 'tests/support/server-bundle.setup.ts';
/** Test files that run in jsdom (those in OWN_REGISTRY say so themselves, in a comment). */
const DOM_TESTS = 'tests/unit/**/*.dom.test.ts';
/** Test files that run only in the `server-postgres` project. */
const ONLY_ON_POSTGRES = ['tests/server/store/**/*.test.ts', 'tests/server/**/*.postgres.test.ts'];

export default defineConfig({
	plugins: [
		sveltekit(),
		// What each chunk holds, for the app-size bench.
		chunkModules(),
		// The operator console's chunks, kept out of the service worker's precache.
		consoleChunks(),
		// The plugin recompiles the messages while `vite dev` runs. A build and Vitest use the ones
		// `npm run i18n` compiled beforehand (`npm run build` runs it first): in a build, the plugin's
		// compiler keeps the process alive for some 20 s after the site is written, and under Vitest
		// its file watcher would keep the test process from exiting.
		process.env.VITEST
			? []
			: [
					paraglideVitePlugin({
						project: './project.inlang',
						outdir: './src/lib/paraglide',
						strategy: ['localStorage', 'preferredLanguage', 'baseLocale']
					})
				]
					.flat()
					.map((plugin): Plugin => ({ ...plugin, apply: 'serve' })),
		localeTexts({ lookUp: !process.env.VITEST }),
		// Chromium compiles what a pickup link runs first off the page's thread (see the plugin):
		// SvelteKit's start, the app's manifest, the root layout and the /pickup page.
		compileHints(
			/kit[\\/]src[\\/]runtime[\\/]client[\\/]entry\.js$|client-optimized[\\/]app\.js$|src[\\/]routes[\\/](pickup[\\/]\+page|\+layout)\.svelte$/
		)
	],
	worker: { plugins: () => [workerChunkModules()] },
	// Component tests mount Svelte's browser build in jsdom.
	resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
	test: {
		testTimeout: 120_000,
		hookTimeout: 120_000,
		// Two test files at a time (Vitest's default on two cores is one): a server test spends much
		// of its time waiting for the server processes it started, the other file uses that time.
		maxWorkers: 2,
		projects: [
			// The unit files share a module registry per worker, as the server files below do: a file
			// no longer imports Svelte, the testing library and the app's modules afresh (a third of the
			// project's CPU).
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['tests/unit/**/*.test.ts'],
					exclude: [DOM_TESTS, ...OWN_REGISTRY],
					isolate: false
				}
			},
			// The component files, in jsdom, a project of their own: Vitest keeps a worker for the next
			// file only if it has the same project and environment, so that the two kinds, in one
			// project and run in turn, ended a worker and started another every few files.
			{
				extends: true,
				test: {
					name: 'unit-dom',
					include: [DOM_TESTS],
					exclude: OWN_REGISTRY,
					environment: 'jsdom',
					isolate: false
				}
			},
			// OpenSSL, NSS, GnuTLS, Java and Python open our .p12 files: one set of them for the run,
			// which every tool's file opens (tests/interop/support/cases.ts).
			{
				extends: true,
				test: {
					name: 'interop',
					include: ['tests/interop/**/*.test.ts'],
					exclude: OWN_REGISTRY,
					globalSetup: ['tests/interop/support/cases.setup.ts'],
					isolate: false
				}
			},
			// The server files drive server processes over HTTP and keep no state in the test process's
			// modules, so a worker imports the harness, the store and the CA once for all its files
			// instead of once per file (a fifth of the project's CPU).
			{
				extends: true,
				test: {
					name: 'server',
					include: ['tests/server/**/*.test.ts'],
					exclude: [...ONLY_ON_POSTGRES, ...OWN_REGISTRY],
					globalSetup: [SERVER_BUNDLE],
					isolate: false
				}
			},
			{
				extends: true,
				test: {
					name: 'own-registry',
					include: OWN_REGISTRY
				}
			},
			// The tests that need the throw-away PostgreSQL cluster, which starts once for them: the store
			// contract suite (both stores, method by method) and several instances sharing PostgreSQL.
			// The rest of the API does not depend on which store holds the orders.
			{
				extends: true,
				test: {
					name: 'server-postgres',
					include: [...ONLY_ON_POSTGRES, 'tests/server/instances.test.ts'],
					env: { TEST_STORE: 'postgres' },
					globalSetup: [SERVER_BUNDLE, 'tests/server/postgres.setup.ts'],
					isolate: false
				}
			}
		]
	}
});
