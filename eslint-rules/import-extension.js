import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * One way to name the app's own modules: with the extension of the file that is imported, so
 * `./flow.ts`, `./Step.svelte`, `./runes.svelte.ts`, `$lib/paraglide/messages.js` (Paraglide writes
 * JavaScript). Vite, tsx and TypeScript (`allowImportingTsExtensions`) read all three styles the
 * code had (`.js` for a `.ts` file, no extension, `.ts`), which is why nothing but this rule keeps
 * them from mixing again. Only relative and `$lib/` specifiers are checked; `./$types` is
 * SvelteKit's generated module and packages name their own entry points.
 */

const OWN_SPECIFIER = /^(\.\.?\/|\$lib\/)/;
const ANY_EXTENSION = /\.(ts|js|svelte|json|css|svg|png|webmanifest)$/;

/** @param {string} path */
const isFile = (path) => existsSync(path) && statSync(path).isFile();

/**
 * The specifier as it should be written, or null when it names no file this rule can find.
 * @param {string} specifier
 * @param {string} importer
 * @param {string} root
 * @returns {string | null}
 */
function withExtension(specifier, importer, root) {
	const base = specifier.startsWith('$lib/')
		? join(root, 'src/lib', specifier.slice('$lib/'.length))
		: resolve(dirname(importer), specifier);
	if (specifier.endsWith('.js') && isFile(base.replace(/\.js$/, '.ts'))) {
		return specifier.replace(/\.js$/, '.ts');
	}
	if (ANY_EXTENSION.test(specifier) && isFile(base)) return specifier;
	for (const suffix of ['.ts', '.js', '/index.ts']) {
		if (isFile(base + suffix)) return specifier + suffix;
	}
	return null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const importExtension = {
	meta: {
		type: 'suggestion',
		fixable: 'code',
		docs: { description: "Name the app's own modules with their file's extension" },
		messages: {
			extension: 'Write "{{expected}}": own modules are named with their file\'s extension.'
		},
		schema: []
	},
	create(context) {
		const importer = context.physicalFilename;
		const root = context.cwd;
		/** @param {import('estree').Node | null | undefined} source */
		function check(source) {
			if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
			const specifier = source.value;
			if (!OWN_SPECIFIER.test(specifier) || specifier.includes('$types')) return;
			const expected = withExtension(specifier, importer, root);
			if (expected === null || expected === specifier) return;
			context.report({
				node: source,
				messageId: 'extension',
				data: { expected },
				fix: (fixer) => fixer.replaceText(source, (source.raw ?? '').replace(specifier, expected))
			});
		}
		return {
			ImportDeclaration: (node) => check(node.source),
			ExportNamedDeclaration: (node) => check(node.source),
			ExportAllDeclaration: (node) => check(node.source),
			ImportExpression: (node) => check(node.source),
			// vi.mock('../x.ts') names a module the same way as the import it replaces.
			'CallExpression[callee.object.name="vi"][callee.property.name=/^(mock|doMock|importActual)$/]':
				/** @param {import('estree').CallExpression} node */
				(node) => check(node.arguments[0])
		};
	}
};
