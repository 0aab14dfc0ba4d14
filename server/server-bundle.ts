/**
 * The server and its CLI bundled by esbuild into one file each, with the libraries they use, for
 * test runs: a bundle starts in 0.43 s of CPU, about a third of what `node --import tsx
 * server/main.ts` takes to compile every module at each start, and the tests start the server and
 * its CLI some 250 times. Only better-sqlite3 (a native addon) and pg's optional pg-native stay
 * outside.
 *
 * Its source map is a file beside it that Node reads only when asked, because mapping at every start
 * costs a quarter of the start: a stack trace names the bundle's lines (each module is headed by its
 * path), and `SERVER_NODE_FLAGS=--enable-source-maps` maps them to the sources.
 *
 * A bundle is only ever used by the run that has just built it: `buildServerBundle` builds into a
 * new directory and names it in SERVER_BUNDLE_DIR, which the test runners' global set-up passes to
 * their workers; without that variable (`npm run server`, the bench, a test run without the global
 * set-up) `startServerProcess` runs the sources through tsx as before. So a stale bundle cannot be
 * started.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The entry points that are bundled, by their path from the project's root. */
export const BUNDLED_ENTRIES: Record<string, string> = {
	'server/main.ts': 'main.mjs',
	'server/cli.ts': 'cli.mjs'
};

/** The variable that names the bundle directory of the current test run. */
export const SERVER_BUNDLE_DIR = 'SERVER_BUNDLE_DIR';

/** Builds the bundles into a new directory under node_modules/.cache and returns it. */
export async function buildServerBundle(): Promise<string> {
	const { build } = await import('esbuild');
	const parent = join(ROOT, 'node_modules', '.cache', 'server-bundle');
	mkdirSync(parent, { recursive: true });
	const outdir = mkdtempSync(join(parent, 'run-'));
	await build({
		absWorkingDir: ROOT,
		entryPoints: Object.entries(BUNDLED_ENTRIES).map(([entry, out]) => ({
			in: entry,
			out: out.replace(/\.mjs$/, '')
		})),
		outdir,
		outExtension: { '.js': '.mjs' },
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: `node${process.versions.node}`,
		external: ['better-sqlite3', 'pg-native'],
		// The libraries written as CommonJS call require(), which an ES module lacks.
		banner: {
			js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"
		},
		sourcemap: 'linked',
		logLevel: 'warning'
	});
	// The store finds its migrations beside its module (server/store/migrations.ts), which in a
	// bundle is the bundle's directory.
	cpSync(join(ROOT, 'server', 'store', 'migrations'), join(outdir, 'migrations'), {
		recursive: true
	});
	return outdir;
}

/** Builds the bundles and names them in SERVER_BUNDLE_DIR; returns the clean-up. */
export async function useServerBundle(): Promise<() => void> {
	if (process.env[SERVER_BUNDLE_DIR]) return () => {};
	const dir = await buildServerBundle();
	process.env[SERVER_BUNDLE_DIR] = dir;
	return () => {
		delete process.env[SERVER_BUNDLE_DIR];
		rmSync(dir, { recursive: true, force: true });
	};
}

/**
 * The node arguments that run `entry` (a path from the project's root): its bundle when this test
 * run built one, otherwise the source through tsx.
 */
export function entryArgs(entry: string): string[] {
	// SERVER_NODE_FLAGS passes e.g. --cpu-prof or --enable-source-maps to the server and its CLI
	// only: NODE_OPTIONS refuses the first, and would reach every Node process of the run.
	const flags = process.env.SERVER_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
	const bundleDir = process.env[SERVER_BUNDLE_DIR];
	const bundled = BUNDLED_ENTRIES[entry];
	if (bundleDir && bundled) return [...flags, join(bundleDir, bundled)];
	return [...flags, '--import', 'tsx', entry];
}
