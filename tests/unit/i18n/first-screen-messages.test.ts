import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIRST_SCREEN_MESSAGES } from '../../../scripts/first-screen-messages.ts';
import { messageKeys } from '../../../scripts/locale-texts-plugin.ts';

// What the browser runs before the first screen paints: SvelteKit loads the root layout and the
// page, then whatever they import statically (dynamic imports come later, with the rest of the texts).
const FIRST_SCREEN_ROOTS = [
	'src/routes/+layout.ts',
	'src/routes/+layout.svelte',
	'src/routes/+page.svelte',
	'src/routes/pickup/+page.svelte'
];
const STATIC_IMPORT = /^\s*import\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
const MESSAGE_USE = /\bm\.(\w+)\(/g;

/** The file an import names, or null for a package, SvelteKit's own modules or the messages. */
function resolveImport(from: string, specifier: string): string | null {
	if (specifier.includes('/paraglide/') || specifier.includes('$types')) return null;
	const path = specifier.startsWith('$lib/')
		? join('src/lib', specifier.slice('$lib/'.length))
		: specifier.startsWith('.')
			? normalize(join(dirname(from), specifier))
			: null;
	if (!path) return null;
	const file = [path, `${path}.ts`].find((candidate) => existsSync(candidate));
	if (!file) throw new Error(`${from} imports ${specifier}, which is not a file`);
	return file;
}

function firstScreenModules(): Set<string> {
	const modules = new Set<string>();
	const pending = [...FIRST_SCREEN_ROOTS];
	while (pending.length) {
		const file = pending.pop()!;
		if (modules.has(file)) continue;
		modules.add(file);
		for (const [, specifier] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
			const imported = resolveImport(file, specifier!);
			if (imported && /\.(ts|js|svelte)$/.test(imported)) pending.push(imported);
		}
	}
	return modules;
}

describe('the first screen texts', () => {
	it('hold every message a module of the first screen uses', () => {
		const modules = firstScreenModules();
		expect(modules).toContain('src/lib/components/LanguageSwitcher.svelte');
		expect(modules).not.toContain('src/routes/pickup/PickupScreen.svelte');
		const used = new Set<string>();
		for (const file of modules) {
			for (const [, key] of readFileSync(file, 'utf8').matchAll(MESSAGE_USE)) used.add(key!);
		}
		expect(used).toContain('opening');
		expect([...used].filter((key) => !FIRST_SCREEN_MESSAGES.includes(key))).toEqual([]);
	});

	it('are numbered first, each once, and all are messages', () => {
		const keys = messageKeys();
		expect(keys.slice(0, FIRST_SCREEN_MESSAGES.length).sort()).toEqual(
			[...FIRST_SCREEN_MESSAGES].sort()
		);
		expect(new Set(keys).size).toBe(keys.length);
	});
});
