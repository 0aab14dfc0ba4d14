/**
 * `npm run bench`: every benchmark in turn, each writing its own section of bench/results.md.
 * Not a test: figures, never assertions. The app is built first by the npm script.
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { headlineFigures } from './headlines.ts';
import { recordFigures } from './history.ts';
import { RESULTS_FILE } from './results.ts';

const BENCHMARKS = [
	'bench/app-size.ts',
	'bench/pickup-time.ts',
	'bench/lighthouse.ts',
	'bench/pki.ts'
];

let failed = false;
for (const script of BENCHMARKS) {
	console.log(`\n== ${script}`);
	const result = spawnSync('npx', ['tsx', script], { stdio: 'inherit' });
	if (result.status !== 0) failed = true;
}
if (failed) {
	console.log(
		'\nA benchmark failed: its old figures stay in bench/results.md, so no history is recorded'
	);
} else {
	const { figures, missing } = headlineFigures(await readFile(RESULTS_FILE, 'utf8'));
	if (missing.length > 0) console.warn(`\nNot found in bench/results.md: ${missing.join(', ')}`);
	await recordFigures(figures);
}
console.log(
	'\nFigures written to bench/results.md, headline figures appended to bench/history.jsonl'
);
process.exit(failed ? 1 : 0);
