/**
 * Records which source modules each output chunk holds, so bench/app-size.ts can say in words what
 * a chunk carries: Vite's manifest names only the entry module of a chunk, and the minified code
 * names none. Web workers are bundled by builds of their own; their chunks are collected too and all
 * are written beside the client build's manifest.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Plugin } from 'vite';

/** Output file → (module id relative to the project → bytes it renders into that file). */
export type ChunkModules = Record<string, Record<string, number>>;

export const CHUNK_MODULES_FILE = '.vite/chunk-modules.json';

// One build's chunks: a worker's build runs inside the app's client build, before it writes.
const collected = new Map<string, Record<string, number>>();

function collector(): Pick<Plugin, 'name' | 'generateBundle'> {
	return {
		name: 'chunk-modules',
		generateBundle(_options, bundle) {
			for (const output of Object.values(bundle)) {
				if (output.type !== 'chunk') continue;
				collected.set(
					output.fileName,
					Object.fromEntries(
						Object.entries(output.modules).map(([id, module]) => [
							// A virtual module's id starts with NUL; a query names a part of its file.
							relative(process.cwd(), id.replace(/^\0|\?.*$/g, '')),
							module.renderedLength
						])
					)
				);
			}
		}
	};
}

/** For `plugins`: collects the app's chunks and writes them with the workers' beside the manifest. */
export function chunkModules(): Plugin {
	return {
		...collector(),
		apply: 'build',
		async writeBundle(options) {
			if (!options.dir) return;
			const file = join(options.dir, CHUNK_MODULES_FILE);
			await mkdir(join(file, '..'), { recursive: true });
			await writeFile(file, JSON.stringify(Object.fromEntries(collected)));
			collected.clear();
		}
	};
}

/** For `worker.plugins`: a worker's build is generated, never written, by Vite itself. */
export function workerChunkModules(): Plugin {
	return { ...collector(), apply: 'build' };
}
