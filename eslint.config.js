import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import { importExtension } from './eslint-rules/import-extension.js';
import svelteConfig from './svelte.config.js';

/**
 * Which way the libraries under src/lib may import (tests/unit/lint/boundaries.test.ts shows each
 * rule failing on a violation). One `no-restricted-imports` per file set, since a later setting of
 * the rule replaces an earlier one instead of adding to it.
 */
const FRAMEWORK_FREE = {
	group: [
		'svelte',
		'svelte/*',
		'$app/*',
		'$lib/components/*',
		'**/components/*',
		'**/routes/*',
		'*.svelte'
	],
	message: 'The libraries are framework-free: the UI imports them, never the reverse.'
};
const PKI_CORE = {
	group: ['$lib/api/*', '$lib/pickup/*', '$lib/store/*', '**/api/*', '**/pickup/*', '**/store/*'],
	message:
		'The PKI core knows only the vocabulary in src/lib/domain, not the wire contract, the flow or the storage.'
};
const VOCABULARY = {
	regex: '^(?!\\./)',
	message: 'src/lib/domain is the shared vocabulary: it imports nothing but its own files.'
};

function boundary(files, ...patterns) {
	return { files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'src/lib/paraglide/',
			'data/',
			'test-results/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	// Svelte files are linted with types (svelte/no-navigation-without-resolve reads them), from a
	// program of the Svelte files and what they import: the whole project's, with the server and the
	// tests, took ESLint a third longer.
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				project: './tsconfig.eslint.json',
				tsconfigRootDir: import.meta.dirname,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		plugins: { house: { rules: { 'import-extension': importExtension } } },
		rules: {
			'house/import-extension': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
			'no-console': ['error', { allow: ['error', 'warn'] }]
		}
	},
	{
		files: ['server/**', 'scripts/**', 'tests/**', 'bench/**'],
		rules: { 'no-console': 'off' }
	},
	boundary(
		[
			'src/lib/pickup/**',
			'src/lib/api/**',
			'src/lib/store/**',
			'src/lib/kiosk/**',
			'src/lib/pwa/**',
			'src/lib/i18n/**',
			'src/lib/console/**'
		],
		FRAMEWORK_FREE
	),
	boundary(['src/lib/pki/**'], FRAMEWORK_FREE, PKI_CORE),
	boundary(['src/lib/domain/**'], VOCABULARY)
);
