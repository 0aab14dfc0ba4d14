/**
 * bench/results.md is shared by several benchmarks: each owns one `## Title` section and replaces
 * only that section, so running one benchmark keeps the others' latest figures.
 */
import { readFile, writeFile } from 'node:fs/promises';

export const RESULTS_FILE = new URL('./results.md', import.meta.url);

export async function writeResultsSection(
	title: string,
	body: string,
	file: URL = RESULTS_FILE
): Promise<void> {
	const existing = await readFile(file, 'utf8').catch(() => '# Benchmark results\n');
	const heading = `## ${title}`;
	const section = `${heading}\n\n${body.trim()}\n\n`;
	const start = existing.indexOf(`${heading}\n`);
	let next: string;
	if (start === -1) {
		next = `${existing.trimEnd()}\n\n${section}`;
	} else {
		const end = existing.indexOf('\n## ', start + heading.length);
		next = existing.slice(0, start) + section + (end === -1 ? '' : existing.slice(end + 1));
	}
	await writeFile(file, `${next.trimEnd()}\n`);
}

export function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
