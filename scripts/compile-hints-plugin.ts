/**
 * Marks the chunks that run as the app starts with Chromium's explicit compile hint, a first line
 * `//# allFunctionsCalledOnLoad`: their functions are then compiled while the file streams in, on
 * a background thread, instead of one by one on the page's thread the first time each is called.
 * That first call of every Svelte and SvelteKit function made SvelteKit's start and the layout's
 * first render long tasks (over 50 ms) in most pickups here; with the hint, in a quarter to half
 * of them (A/B runs of 8). Other engines read the line as a comment.
 *
 * The chunks marked are those of the start modules the config names (vite.config.ts) and all they
 * import statically, from 4 KB up. The pickup's later chunks, the kiosk's and the workers compile
 * lazily as before: most of their functions run later or never.
 */
import type { Plugin } from 'vite';

export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';
// Smaller chunks (re-exports, a few messages) compile in less time than their hint costs in bytes.
export const MIN_HINTED_BYTES = 4096;

/** The part of a bundled chunk this plugin reads and writes. */
export interface ChunkInfo {
	type: 'chunk';
	moduleIds: string[];
	imports: string[];
	code: string;
}

export type Bundle = Record<string, ChunkInfo | { type: 'asset' }>;

/** File names of the chunks that start from `starts`, with everything they import statically. */
function staticClosure(bundle: Bundle, starts: string[]): Set<string> {
	const reached = new Set<string>();
	const pending = [...starts];
	for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
		const chunk = bundle[name];
		if (reached.has(name) || chunk?.type !== 'chunk') continue;
		reached.add(name);
		pending.push(...chunk.imports);
	}
	return reached;
}

export function chunksToHint(bundle: Bundle, startModules: RegExp): Set<string> {
	const starts = Object.entries(bundle)
		.filter(
			([, chunk]) => chunk.type === 'chunk' && chunk.moduleIds.some((id) => startModules.test(id))
		)
		.map(([name]) => name);
	return staticClosure(bundle, starts);
}

/** `startModules`: the modules whose chunks, and all these import statically, are hinted. */
export function compileHints(startModules: RegExp): Plugin {
	return {
		name: 'compile-hints',
		apply: 'build',
		generateBundle(_options, bundle) {
			for (const name of chunksToHint(bundle as unknown as Bundle, startModules)) {
				const chunk = bundle[name];
				if (chunk?.type === 'chunk' && chunk.code.length >= MIN_HINTED_BYTES)
					chunk.code = COMPILE_HINT + chunk.code;
			}
		}
	};
}
