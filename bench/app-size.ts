/**
 * Bytes of JavaScript the browser fetches, gzipped: before the first pickup step renders (the
 * static import graph of SvelteKit's entry, the root layout and the pickup page) and in total.
 * Read from Vite's manifest of the production build, so run `npm run build` first.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeResultsSection } from './results';

interface ManifestChunk {
	file: string;
	isEntry?: boolean;
	imports?: string[];
	dynamicImports?: string[];
}

const OUTPUT = '.svelte-kit/output/client';
const GENERATED_NODES = '.svelte-kit/generated/client-optimized/nodes';
const TARGETS = { firstStep: 60 * 1024, total: 200 * 1024 };

async function gzippedSize(file: string): Promise<number> {
	return gzipSync(await readFile(join('build', file)), { level: 9 }).length;
}

async function nodeKeyFor(route: string): Promise<string> {
	for (const name of await readdir(GENERATED_NODES)) {
		const source = await readFile(join(GENERATED_NODES, name), 'utf8');
		if (source.includes(route)) return `${GENERATED_NODES}/${name}`;
	}
	throw new Error(`no SvelteKit node renders ${route}`);
}

// Loaded only on a kiosk's start screen and wipe: never by an applicant's own browser on demand.
const KIOSK_ONLY = /^src\/lib\/(components\/)?kiosk\//;

/** Chunks reachable from the roots: static imports, and with `dynamic` also lazy ones (kiosk aside). */
function closure(
	manifest: Record<string, ManifestChunk>,
	roots: string[],
	dynamic: boolean
): Set<string> {
	const files = new Set<string>();
	const pending = [...roots];
	const seen = new Set<string>();
	while (pending.length) {
		const key = pending.pop()!;
		if (seen.has(key)) continue;
		seen.add(key);
		const chunk = manifest[key];
		if (!chunk) throw new Error(`manifest has no ${key}`);
		files.add(chunk.file);
		pending.push(...(chunk.imports ?? []));
		if (dynamic)
			pending.push(...(chunk.dynamicImports ?? []).filter((lazy) => !KIOSK_ONLY.test(lazy)));
	}
	return files;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export async function measureAppSize(): Promise<string> {
	const manifest = JSON.parse(
		await readFile(join(OUTPUT, '.vite/manifest.json'), 'utf8')
	) as Record<string, ManifestChunk>;
	const roots = [
		'node_modules/@sveltejs/kit/src/runtime/client/entry.js',
		'.svelte-kit/generated/client-optimized/app.js',
		await nodeKeyFor('src/routes/+layout.svelte'),
		await nodeKeyFor('src/routes/pickup/+page.svelte')
	];
	const firstStepFiles = closure(manifest, roots, false);
	const pickupFiles = closure(manifest, roots, true);
	const allFiles = new Set(
		Object.values(manifest)
			.map((chunk) => chunk.file)
			.filter((file) => file.endsWith('.js'))
	);
	let firstStep = 0;
	let pickup = 0;
	let total = 0;
	const largest: [string, number][] = [];
	for (const file of allFiles) {
		const size = await gzippedSize(file);
		total += size;
		if (firstStepFiles.has(file)) firstStep += size;
		if (pickupFiles.has(file)) pickup += size;
		largest.push([file, size]);
	}
	largest.sort((a, b) => b[1] - a[1]);
	const verdict = (value: number, target: number) => (value <= target ? 'met' : 'over');
	return [
		`Measured ${new Date().toISOString()} from the production build (gzip level 9).`,
		'',
		'| what | gzipped JS | target | |',
		'| --- | --- | --- | --- |',
		`| before the first pickup step renders | ${kb(firstStep)} | ${kb(TARGETS.firstStep)} | ${verdict(firstStep, TARGETS.firstStep)} |`,
		`| everything an applicant's pickup can load | ${kb(pickup)} | ${kb(TARGETS.total)} | ${verdict(pickup, TARGETS.total)} |`,
		`| kiosk-only chunks (start screen, QR decoder, wipe) | ${kb(total - pickup)} | | |`,
		`| the whole build, as the service worker precaches it | ${kb(total)} | | |`,
		'',
		'Largest chunks:',
		'',
		...largest.slice(0, 5).map(([file, size]) => `- \`${file}\`: ${kb(size)}`)
	].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const table = await measureAppSize();
	await writeResultsSection('App size', table);
	console.log(table);
}
