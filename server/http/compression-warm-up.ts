/**
 * The app's compressed copies, read from the build or made as the server starts instead of on each
 * file's first request: the first applicant after a start (or a deploy) then waits for no
 * compressor. Making them all takes about half a second of CPU, reading the build's a hundredth of
 * that. One file at a time, so requests that need a copy meanwhile still find a free thread.
 */
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Config } from '../config.ts';
import { precompress } from './compression.ts';
import { staticFile, type StaticFile } from './static-site.ts';

/** Resolves with the number of files compressed; a file that fails is left to its first request. */
export async function warmCompressedCopies(
	config: Config,
	make: (file: StaticFile) => Promise<boolean> = precompress
): Promise<number> {
	const entries = await readdir(config.buildDir, { recursive: true, withFileTypes: true }).catch(
		() => []
	);
	let made = 0;
	for (const entry of entries) {
		// The build's compressed copies are read with the file they are copies of.
		if (!entry.isFile() || /\.(br|gz)$/.test(entry.name)) continue;
		const path = relative(config.buildDir, join(entry.parentPath, entry.name));
		// The same lookup a request makes: what it refuses to serve (dotfiles, links out of the
		// build) is not compressed either, and the copies are keyed as the request will look for them.
		const file = await staticFile(config, `/${path.split(sep).join('/')}`).catch(() => undefined);
		if (file && (await make(file).catch(() => false))) made++;
	}
	return made;
}
