/**
 * The operator console (/operator/) is served with the app but is no part of an applicant's: its
 * chunks must never be fetched by the applicant's pages nor precached by the service worker, which
 * exists for applicants on a bad connection. This plugin lists, at build time, the files reachable
 * only from the console: it follows every import from the app's entries (SvelteKit's start, its
 * app, each route's node), but neither an entry nor a dynamic import of a chunk holding console
 * code (the /operator route, src/lib/console, src/lib/components/console, the console's texts). What the console reaches beyond that point and no applicant's chunk does
 * is the console's alone. The list is written beside Vite's manifest, where the service worker's
 * build (src/service-worker.ts) and the app-size bench read it. A console module in a chunk an
 * applicant loads fails the build.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Plugin, Rollup } from 'vite';

export const CONSOLE_ONLY_FILE = '.vite/console-only.json';

/** Project-relative module ids that are console code (virtual ids without their NUL). */
export const CONSOLE_MODULE =
	/^(src\/routes\/operator\/|src\/lib\/console\/|src\/lib\/components\/console\/|src\/lib\/i18n\/console-texts\.ts$|virtual:locale-texts\/(console-loaders$|[^/]+\/console$))/;

export function isConsoleModule(id: string): boolean {
	return CONSOLE_MODULE.test(relative(process.cwd(), id.replace(/^\0|\?.*$/g, '')));
}

export interface ConsoleOnly {
	/** Output files (chunks, their CSS and assets), relative to the client output directory. */
	files: string[];
}

/** The files only the console reaches, from a client build's bundle. */
export function consoleOnlyFiles(bundle: Rollup.OutputBundle): ConsoleOnly {
	const chunks = new Map<string, Rollup.OutputChunk>();
	for (const output of Object.values(bundle))
		if (output.type === 'chunk') chunks.set(output.fileName, output);
	const holdsConsole = (chunk: Rollup.OutputChunk) => chunk.moduleIds.some(isConsoleModule);

	const applicant = new Set<string>();
	// SvelteKit builds each route's node as an entry of its own: the /operator node is the console's.
	const entries = [...chunks.values()].filter((chunk) => chunk.isEntry);
	const consoleRoots = new Set(entries.filter(holdsConsole).map((chunk) => chunk.fileName));
	const pending = entries.filter((chunk) => !holdsConsole(chunk)).map((chunk) => chunk.fileName);
	while (pending.length) {
		const file = pending.pop()!;
		if (applicant.has(file)) continue;
		applicant.add(file);
		const chunk = chunks.get(file);
		if (!chunk) continue;
		pending.push(...chunk.imports);
		for (const target of chunk.dynamicImports) {
			const imported = chunks.get(target);
			if (imported && holdsConsole(imported)) consoleRoots.add(target);
			else pending.push(target);
		}
	}
	const leaked = [...applicant]
		.map((file) => chunks.get(file))
		.filter((chunk): chunk is Rollup.OutputChunk => chunk !== undefined && holdsConsole(chunk));
	if (leaked.length)
		throw new Error(
			`console code in chunks an applicant's pages load: ${leaked
				.map((chunk) => `${chunk.fileName} (${chunk.moduleIds.filter(isConsoleModule).join(', ')})`)
				.join('; ')}`
		);

	const consoleChunks = new Set<string>();
	const reach = [...consoleRoots];
	while (reach.length) {
		const file = reach.pop()!;
		if (consoleChunks.has(file) || applicant.has(file)) continue;
		consoleChunks.add(file);
		const chunk = chunks.get(file);
		if (chunk) reach.push(...chunk.imports, ...chunk.dynamicImports);
	}
	const assetsOf = (files: Iterable<string>) => {
		const assets = new Set<string>();
		for (const file of files) {
			const metadata = chunks.get(file)?.viteMetadata;
			for (const css of metadata?.importedCss ?? []) assets.add(css);
			for (const asset of metadata?.importedAssets ?? []) assets.add(asset);
		}
		return assets;
	};
	const applicantAssets = assetsOf(applicant);
	const consoleAssets = [...assetsOf(consoleChunks)].filter((file) => !applicantAssets.has(file));
	return { files: [...consoleChunks, ...consoleAssets].sort() };
}

/** For `plugins`: writes the list after each client build (the server build has no console chunks). */
export function consoleChunks(): Plugin {
	let ssr = false;
	let list: ConsoleOnly = { files: [] };
	return {
		name: 'console-chunks',
		apply: 'build',
		configResolved(config) {
			ssr = Boolean(config.build.ssr);
		},
		generateBundle(_options, bundle) {
			if (!ssr) list = consoleOnlyFiles(bundle);
		},
		async writeBundle(options) {
			if (ssr || !options.dir) return;
			const file = join(options.dir, CONSOLE_ONLY_FILE);
			await mkdir(join(file, '..'), { recursive: true });
			await writeFile(file, JSON.stringify(list));
		}
	};
}
