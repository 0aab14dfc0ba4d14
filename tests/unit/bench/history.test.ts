import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { headlineFigures } from '../../../bench/headlines.ts';
import {
	historyLines,
	parseHistory,
	recordFigures,
	renderHistory,
	trends,
	type HistoryEntry
} from '../../../bench/history.ts';

function runs(
	name: string,
	values: number[],
	better: HistoryEntry['better'] = 'lower'
): HistoryEntry[] {
	return values.map((value, index) => ({
		name,
		value,
		unit: 'ms',
		better,
		date: `2026-12-0${index + 1}T00:00:00.000Z`,
		commit: `c${index}`,
		load: 1
	}));
}

describe('bench history', () => {
	it('reads back what it writes, one JSON object a line', () => {
		const entries = runs('cpu', [4.4, 2.1]);
		expect(parseHistory(historyLines(entries) + '\n')).toEqual(entries);
	});

	it('flags a figure more than 15 % worse than the median of the 5 runs before it', () => {
		// 100 (too old to count), then 10, 11, 9, 10, 30 (an outlier the median ignores).
		const [trend] = trends(runs('cpu', [100, 10, 11, 9, 10, 30, 11.6]));
		expect(trend).toMatchObject({ baseline: 10, regression: true });
		expect(trend?.worse).toBeCloseTo(0.16);
		expect(trend?.values).toEqual([10, 11, 9, 10, 30, 11.6]);
		expect(trends(runs('cpu', [100, 10, 11, 9, 10, 30, 11.4]))[0]?.regression).toBe(false);
	});

	it('counts a lower rate as worse when higher is better', () => {
		const falling = trends(runs('rate', [300, 310, 290, 240], 'higher'))[0];
		expect(falling).toMatchObject({ baseline: 300, regression: true });
		expect(falling?.worse).toBeCloseTo(0.2);
		expect(trends(runs('rate', [300, 310, 290, 400], 'higher'))[0]?.regression).toBe(false);
	});

	it('judges nothing with fewer than 3 earlier runs', () => {
		const [trend] = trends(runs('cpu', [1, 1, 5]));
		expect(trend?.regression).toBe(false);
		expect(trend?.worse).toBeUndefined();
		expect(renderHistory(runs('cpu', [1, 1, 5]))).toContain('fewer than 3 earlier runs');
	});

	it('says an improvement as such, against a baseline rounded for reading', () => {
		// The median of the four earlier runs is (28.4 + 43.8) / 2, which is 36.099999999999994 in floats.
		expect(renderHistory(runs('cpu', [20, 28.4, 43.8, 50, 32.4]))).toContain(
			'| cpu | 20, 28.4, 43.8, 50, 32.4 ms |  | 10 % better than 36.1 ms |  |'
		);
	});

	it('keeps figures apart and shows each one, the regression flagged', () => {
		const history = [...runs('cpu', [10, 10, 10, 20]), ...runs('size', [50, 50, 50, 50])];
		const table = renderHistory(history);
		expect(table).toContain(
			'| cpu | 10, 10, 10, 20 ms |  | +100 % worse than 10 ms | **regression** |'
		);
		expect(table).toContain('| size | 50, 50, 50, 50 ms |  | 0 % worse than 50 ms |  |');
	});

	describe('recordFigures', () => {
		let dir = '';
		afterEach(() => rmSync(dir, { recursive: true, force: true }));

		it('appends the run to the history and rewrites only the History section', async () => {
			dir = mkdtempSync(join(tmpdir(), 'bench-history-'));
			const history = pathToFileURL(join(dir, 'history.jsonl'));
			const results = pathToFileURL(join(dir, 'results.md'));
			writeFileSync(history, historyLines(runs('cpu', [4, 4, 4])));
			writeFileSync(results, '# Benchmark results\n\n## Server\n\nkept\n');
			await recordFigures([{ name: 'cpu', value: 5, unit: 'ms', better: 'lower', target: 2 }], {
				history,
				results
			});
			const entries = parseHistory(readFileSync(history, 'utf8'));
			expect(entries).toHaveLength(4);
			expect(entries[3]).toMatchObject({ name: 'cpu', value: 5, target: 2 });
			expect(entries[3]?.commit).toMatch(/^[0-9a-f]{7,}$|^unknown$/);
			expect(typeof entries[3]?.load).toBe('number');
			const markdown = readFileSync(results, 'utf8');
			expect(markdown).toContain('## Server\n\nkept\n');
			expect(markdown).toContain(
				'| cpu | 4, 4, 4, 5 ms | 2 ms | +25 % worse than 4 ms | **regression** |'
			);
		});
	});
});

describe('headline figures of npm run bench', () => {
	const results = `# Benchmark results

## App size

| what | gzipped JS | target | |
| --- | --- | --- | --- |
| before the first pickup step renders | 44.1 KB | 45.0 KB | met |
| everything an applicant's pickup can load | 170.2 KB | 180.0 KB | met |

## PKI

| operation | Node | Chromium | node-forge (Chromium, pure JS) | openssl CLI | Chromium / openssl | forge / Chromium |
| --- | --- | --- | --- | --- | --- | --- |
| keygen RSA-2048 (7 runs) | 369 ms | 75 ms | 755 ms | 185 ms | 0.41x | 10.07x |
| p12 modern (5 runs) | 87 ms | 73 ms | n/a | 149 ms | 0.49x | n/a |

## Pickup time

| key | median | runs |
| --- | --- | --- |
| P-256 | 0.95 s | 1.0, 0.9 |
| P-256, link opened as the browser is launched | 1.25 s | 1.3, 1.2 |
`;

	it('reads each figure from its own section, with the target where the table has one', () => {
		const { figures, missing } = headlineFigures(results);
		expect(figures).toEqual([
			{ name: 'first screen JS (gzip)', value: 44.1, unit: 'KB', better: 'lower', target: 45 },
			{
				name: 'applicant pickup JS (gzip)',
				value: 170.2,
				unit: 'KB',
				better: 'lower',
				target: 180
			},
			{ name: 'link to file, browser started, P-256', value: 0.95, unit: 's', better: 'lower' },
			// The series from before the browser was let start, continued by the runs opened at launch.
			{ name: 'link to file, in-page applicant, P-256', value: 1.25, unit: 's', better: 'lower' },
			{ name: 'keygen RSA-2048 in Chromium', value: 75, unit: 'ms', better: 'lower' },
			{ name: 'p12 modern in Chromium', value: 73, unit: 'ms', better: 'lower' }
		]);
		expect(missing).toEqual([
			'link to file, browser started, RSA-2048',
			'link to file, in-page applicant, RSA-2048',
			'p12 legacy in Chromium'
		]);
	});
});
