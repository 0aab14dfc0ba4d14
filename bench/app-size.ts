/**
 * Bytes of JavaScript the browser fetches, gzipped: before the first pickup step renders (the
 * static import graph of SvelteKit's entry, the root layout and the pickup page, messages included)
 * and in total. Read from Vite's manifest of the production build and the chunk contents recorded
 * by bench/chunk-modules.ts, so run `npm run build` first.
 */
import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CONSOLE_ONLY_FILE, type ConsoleOnly } from '../scripts/console-chunks-plugin.ts';
import { INDEX_ID as LOCALE_TEXTS } from '../scripts/locale-texts-plugin.ts';
import { CHUNK_MODULES_FILE, type ChunkModules } from './chunk-modules.ts';
import { writeResultsSection } from './results.ts';

interface ManifestChunk {
	file: string;
	isEntry?: boolean;
	imports?: string[];
	dynamicImports?: string[];
}

const OUTPUT = '.svelte-kit/output/client';
const GENERATED_NODES = '.svelte-kit/generated/client-optimized/nodes';
const TARGETS = { firstStep: 45 * 1024, total: 180 * 1024 };

/** The build's node for a route. Only the manifest's: SvelteKit leaves a removed route's node file. */
async function nodeKeyFor(manifest: Record<string, ManifestChunk>, route: string): Promise<string> {
	for (const name of await readdir(GENERATED_NODES)) {
		const key = `${GENERATED_NODES}/${name}`;
		if (!(key in manifest)) continue;
		const source = await readFile(join(GENERATED_NODES, name), 'utf8');
		if (source.includes(route)) return key;
	}
	throw new Error(`no SvelteKit node renders ${route}`);
}

async function javaScriptFiles(directory: string): Promise<string[]> {
	const entries = await readdir(join(OUTPUT, directory), { withFileTypes: true });
	const files = await Promise.all(
		entries.map(async (entry) => {
			const path = join(directory, entry.name);
			if (entry.isDirectory()) return javaScriptFiles(path);
			return entry.name.endsWith('.js') ? [path] : [];
		})
	);
	return files.flat();
}

// Loaded only on a kiosk's start screen and wipe: never by an applicant's own browser on demand.
const KIOSK_ONLY = /^src\/lib\/(components\/)?kiosk\//;
// Two chunks of texts per language, `<language>/first` and `<language>/later`: a browser loads the
// first of the language in use before the first screen, the other with the pickup engine.
const LOCALE_TEXTS_CHUNK = new RegExp(`^${LOCALE_TEXTS}/`);

interface FileGraph {
	/** Static imports: fetched before the importing file runs. */
	imports: Map<string, string[]>;
	/** Dynamic imports and web workers: fetched when the app asks for them. */
	lazy: Map<string, string[]>;
	/** Each language's texts: `<language>/<first|later>` → file. */
	localeTexts: Map<string, string>;
}

/**
 * Files and what each loads. Vite's manifest lists the app's chunks; a web worker is bundled apart
 * and appears only by its file name in the code that starts it, so every file that names another
 * file missing from the manifest is taken to load it lazily.
 */
async function fileGraph(
	manifest: Record<string, ManifestChunk>,
	consoleOnly: ReadonlySet<string>
): Promise<FileGraph> {
	const imports = new Map<string, string[]>();
	const lazy = new Map<string, string[]>();
	const fileOf = (key: string) => {
		const chunk = manifest[key];
		if (!chunk) throw new Error(`manifest has no ${key}`);
		return chunk.file;
	};
	for (const chunk of Object.values(manifest)) {
		if (consoleOnly.has(chunk.file)) continue;
		imports.set(chunk.file, (chunk.imports ?? []).map(fileOf));
		lazy.set(
			chunk.file,
			(chunk.dynamicImports ?? [])
				.filter((key) => !KIOSK_ONLY.test(key) && !LOCALE_TEXTS_CHUNK.test(key))
				.map(fileOf)
				// The operator console's route nodes, which SvelteKit's app names beside the others.
				.filter((file) => !consoleOnly.has(file))
		);
	}
	const localeTexts = new Map(
		Object.keys(manifest)
			.filter((key) => LOCALE_TEXTS_CHUNK.test(key) && !consoleOnly.has(fileOf(key)))
			.map((key) => [key.slice(LOCALE_TEXTS.length + 1), fileOf(key)])
	);
	const all = (await javaScriptFiles('_app')).filter((file) => !consoleOnly.has(file));
	const unlisted = all.filter((file) => !imports.has(file));
	for (const file of all) {
		const code = await readFile(join(OUTPUT, file), 'utf8');
		const named = unlisted.filter((other) => other !== file && code.includes(basename(other)));
		lazy.set(file, [...(lazy.get(file) ?? []), ...named]);
		if (!imports.has(file)) imports.set(file, []);
	}
	return { imports, lazy, localeTexts };
}

function closure(graph: FileGraph, roots: string[], withLazy: boolean): Set<string> {
	const files = new Set<string>();
	const pending = [...roots];
	while (pending.length) {
		const file = pending.pop()!;
		if (files.has(file)) continue;
		files.add(file);
		pending.push(...graph.imports.get(file)!);
		if (withLazy) pending.push(...graph.lazy.get(file)!);
	}
	return files;
}

/** What a module is, in words: its package, or the part of the app it belongs to. */
export function moduleLabel(id: string): string {
	const inPackage = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id);
	if (inPackage) {
		const name = inPackage[1]!;
		if (name === 'svelte') return 'Svelte runtime';
		if (name === '@sveltejs/kit') return 'SvelteKit client';
		if (name.startsWith('@peculiar/asn1-')) return '@peculiar/asn1-* schemas';
		return name;
	}
	if (id.startsWith('src/lib/paraglide/messages/')) return 'messages';
	if (LOCALE_TEXTS_CHUNK.test(id)) return `${id.slice(LOCALE_TEXTS.length + 1)} texts`;
	if (id === LOCALE_TEXTS) return 'i18n (our code)';
	if (id.startsWith('vite/')) return 'Vite preload helper';
	if (id.startsWith('src/lib/paraglide/')) return 'paraglide runtime';
	if (id.startsWith('.svelte-kit/')) return 'SvelteKit app glue';
	const step = /^src\/lib\/components\/steps\/(\w+)Step\.svelte$/.exec(id);
	if (step) return `${step[1]} step`;
	const area = /^src\/(?:lib\/)?([^/.]+)/.exec(id);
	return area ? `${area[1]} (our code)` : id;
}

/** The main parts of one file, largest first, with their share of its code before minifying. */
export function describeChunk(modules: Record<string, number>): string {
	const parts = new Map<string, number>();
	let total = 0;
	for (const [id, bytes] of Object.entries(modules)) {
		parts.set(moduleLabel(id), (parts.get(moduleLabel(id)) ?? 0) + bytes);
		total += bytes;
	}
	const messages = Object.keys(modules).filter((id) => moduleLabel(id) === 'messages').length;
	return [...parts]
		.sort((a, b) => b[1] - a[1])
		.filter(([, bytes], index) => index === 0 || bytes >= total * 0.05)
		.slice(0, 5)
		.map(([part, bytes]) => {
			const name = part === 'messages' ? `${messages} messages` : part;
			return `${name} ${Math.round((bytes / Math.max(total, 1)) * 100)}%`;
		})
		.join(', ');
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export async function measureAppSize(): Promise<string> {
	const manifest = JSON.parse(
		await readFile(join(OUTPUT, '.vite/manifest.json'), 'utf8')
	) as Record<string, ManifestChunk>;
	const contents = JSON.parse(
		await readFile(join(OUTPUT, CHUNK_MODULES_FILE), 'utf8')
	) as ChunkModules;
	const roots = [
		'node_modules/@sveltejs/kit/src/runtime/client/entry.js',
		'.svelte-kit/generated/client-optimized/app.js',
		await nodeKeyFor(manifest, 'src/routes/+layout.svelte'),
		await nodeKeyFor(manifest, 'src/routes/pickup/+page.svelte')
	].map((key) => manifest[key]!.file);
	// The operator console (/operator/): never loaded by an applicant's pages, nor precached.
	const consoleOnly = new Set(
		(
			JSON.parse(
				await readFile(join(OUTPUT, CONSOLE_ONLY_FILE), 'utf8').catch(() => '{"files":[]}')
			) as ConsoleOnly
		).files
	);
	const graph = await fileGraph(manifest, consoleOnly);
	const consoleFiles = [...consoleOnly].filter((file) => file.endsWith('.js'));
	const consoleSize = (
		await Promise.all(
			consoleFiles.map(
				async (file) => gzipSync(await readFile(join(OUTPUT, file)), { level: 9 }).length
			)
		)
	).reduce((all, size) => all + size, 0);
	const firstStepFiles = closure(graph, roots, false);
	const pickupFiles = closure(graph, roots, true);
	const sizes = new Map<string, number>();
	for (const file of graph.imports.keys())
		sizes.set(file, gzipSync(await readFile(join(OUTPUT, file)), { level: 9 }).length);
	const sum = (files: Iterable<string>) =>
		[...files].reduce((all, file) => all + sizes.get(file)!, 0);
	// Counted with the language whose texts are longest.
	const textsOf = (language: string) =>
		['first', 'later'].map((part) => graph.localeTexts.get(`${language}/${part}`)!);
	const languages = [...new Set([...graph.localeTexts.keys()].map((key) => key.split('/')[0]!))];
	const language = languages.reduce((longest, next) =>
		sum(textsOf(next)) > sum(textsOf(longest)) ? next : longest
	);
	const [firstTexts, laterTexts] = textsOf(language) as [string, string];
	const firstStep = sum(firstStepFiles) + sizes.get(firstTexts)!;
	const pickup = sum(pickupFiles) + sizes.get(firstTexts)! + sizes.get(laterTexts)!;
	const texts = sum(textsOf(language));
	const total = sum(sizes.keys());
	const largest = [...sizes]
		.map(([file, size]) => ({ file, size }))
		.sort((a, b) => b.size - a.size);
	const verdict = (value: number, target: number) => (value <= target ? 'met' : 'not met');
	const when = (file: string) =>
		firstStepFiles.has(file) || file === firstTexts
			? 'first screen'
			: pickupFiles.has(file) || file === laterTexts
				? 'pickup, later'
				: 'kiosk';
	return [
		`Measured ${new Date().toISOString()} from the production build (gzip level 9).`,
		'',
		'| what | gzipped JS | target | |',
		'| --- | --- | --- | --- |',
		`| before the first pickup step renders | ${kb(firstStep)} | ${kb(TARGETS.firstStep)} | ${verdict(firstStep, TARGETS.firstStep)} |`,
		`| everything an applicant's pickup can load | ${kb(pickup)} | ${kb(TARGETS.total)} | ${verdict(pickup, TARGETS.total)} |`,
		`| of both, the texts of one language (${language}, the longest; first screen's ${kb(sizes.get(firstTexts)!)}) | ${kb(texts)} | | |`,
		`| kiosk-only chunks (start screen, QR decoder, wipe) | ${kb(total - pickup - sum(graph.localeTexts.values()) + texts)} | | |`,
		`| the other languages' texts, loaded on a switch of language | ${kb(sum(graph.localeTexts.values()) - texts)} | | |`,
		`| the whole build, as the service worker precaches it | ${kb(total)} | | |`,
		`| the operator console (/operator/), all languages: never loaded by an applicant's pages, not precached | ${kb(consoleSize)} | | |`,
		'',
		'Largest chunks, with what they hold (share of the code before minifying):',
		'',
		'| chunk | gzipped | loaded | holds |',
		'| --- | --- | --- | --- |',
		...largest.slice(0, 5).map(({ file, size }) => {
			const modules = contents[file];
			const holds = modules ? describeChunk(modules) : 'not recorded: rebuild with the app config';
			return `| \`${file}\` | ${kb(size)} | ${when(file)} | ${holds} |`;
		})
	].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const table = await measureAppSize();
	await writeResultsSection('App size', table);
	console.log(table);
}
