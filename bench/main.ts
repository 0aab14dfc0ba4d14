/**
 * `npm run bench`: every benchmark in turn, each writing its own section of bench/results.md.
 * Not a test: figures, never assertions. The app is built first by the npm script.
 */
import { spawnSync } from 'node:child_process';

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
console.log('\nFigures written to bench/results.md');
process.exit(failed ? 1 : 0);
