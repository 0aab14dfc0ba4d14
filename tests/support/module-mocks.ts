/**
 * The test files that need a module registry of their own, which the other unit, server and interop
 * files, sharing one per worker, do without (vite.config.ts).
 */

/**
 * The files that replace a module (`vi.mock`): in a shared registry the module under test may
 * already be loaded with the real one, and the mock would miss. tests/unit/lint/module-mocks.test.ts
 * finds them all.
 */
export const MODULE_MOCKS = [
	'tests/server/compression.test.ts',
	'tests/unit/components/format-warm-up.test.ts',
	'tests/unit/components/format.test.ts',
	'tests/unit/components/pickup-engine.dom.test.ts',
	'tests/unit/components/pickup-page.dom.test.ts',
	'tests/unit/lint/import-extension.test.ts',
	'tests/unit/pki/kdf-warm-up.test.ts',
	'tests/unit/pki/pkcs12.test.ts'
];

/** The files that test a module's state from its first import: the languages' texts loaded. */
const FIRST_IMPORT = ['tests/unit/i18n/locale-texts.test.ts'];

export const OWN_REGISTRY = [...MODULE_MOCKS, ...FIRST_IMPORT];
