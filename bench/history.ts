/**
 * The benchmarks' memory: every run appends its headline figures to bench/history.jsonl (one JSON
 * object a line: date, commit, machine load, figure, value, unit, target), and bench/results.md
 * gets a "History" section with the last few values of each figure, flagging a figure that got
 * worse than the noise of a shared machine explains.
 */
import { execFileSync } from 'node:child_process';
import { appendFile, readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { median, RESULTS_FILE, writeResultsSection } from './results.ts';

export const HISTORY_FILE = new URL('./history.jsonl', import.meta.url);

/** The previous runs a new value is compared with, and how much worse than their median is a regression. */
export const BASELINE_RUNS = 5;
export const MIN_BASELINE_RUNS = 3;
export const REGRESSION_RATIO = 0.15;
const SHOWN_RUNS = 6;

export interface Figure {
	name: string;
	value: number;
	unit: string;
	/** Which way is better: smaller times and sizes, larger rates. */
	better: 'lower' | 'higher';
	target?: number;
}

export interface HistoryEntry extends Figure {
	date: string;
	commit: string;
	/** One-minute load average when the figure was recorded (the machine is shared); null if unknown. */
	load: number | null;
}

export function parseHistory(text: string): HistoryEntry[] {
	return text
		.split('\n')
		.filter((line) => line.trim() !== '')
		.map((line) => JSON.parse(line) as HistoryEntry);
}

export function historyLines(entries: readonly HistoryEntry[]): string {
	return entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
}

export interface Trend {
	name: string;
	unit: string;
	target?: number;
	/** Oldest first, the latest last. */
	values: number[];
	/** The median of the up to BASELINE_RUNS values before the latest; undefined with too few. */
	baseline?: number;
	/** How much worse the latest is than the baseline: 0.2 = 20 % worse, negative = better. */
	worse?: number;
	regression: boolean;
}

/** Each figure's course over the runs in `entries`, in the order the figures first appear. */
export function trends(entries: readonly HistoryEntry[]): Trend[] {
	const byName = new Map<string, HistoryEntry[]>();
	for (const entry of entries) byName.set(entry.name, [...(byName.get(entry.name) ?? []), entry]);
	return [...byName.values()].map((runs) => {
		const latest = runs.at(-1) as HistoryEntry;
		const values = runs.map((run) => run.value);
		const previous = values.slice(-1 - BASELINE_RUNS, -1);
		const trend: Trend = {
			name: latest.name,
			unit: latest.unit,
			target: latest.target,
			values: values.slice(-SHOWN_RUNS),
			regression: false
		};
		if (previous.length < MIN_BASELINE_RUNS) return trend;
		const baseline = median(previous);
		const change = (latest.value - baseline) / Math.abs(baseline);
		const worse = latest.better === 'lower' ? change : -change;
		return { ...trend, baseline, worse, regression: worse > REGRESSION_RATIO };
	});
}

function changeInWords(worse: number): string {
	const percent = Math.round(worse * 100);
	return percent < 0
		? `${-percent} % better than`
		: `${percent > 0 ? '+' : ''}${percent} % worse than`;
}

// A median of two values carries the float noise of its halving (36.099999999999994).
const readable = (value: number) => Number(value.toPrecision(3));

export function renderHistory(entries: readonly HistoryEntry[]): string {
	const rows = trends(entries).map((trend) => {
		const target = trend.target === undefined ? '' : `${trend.target} ${trend.unit}`;
		const change =
			trend.worse === undefined
				? `fewer than ${MIN_BASELINE_RUNS} earlier runs`
				: `${changeInWords(trend.worse)} ${readable(trend.baseline!)} ${trend.unit}`;
		const flag = trend.regression ? '**regression**' : '';
		return `| ${trend.name} | ${trend.values.join(', ')} ${trend.unit} | ${target} | ${change} | ${flag} |`;
	});
	return `The last ${SHOWN_RUNS} values of each headline figure, oldest first, from bench/history.jsonl (every run of \`npm run bench\` and \`npm run bench:server\` appends its figures there, with the commit and the machine's load). "Change" compares the latest value with the median of the ${BASELINE_RUNS} runs before it; more than ${REGRESSION_RATIO * 100} % worse is flagged as a regression (the machine is shared, so single runs vary by about that much).

| figure | last values | target | change | |
| --- | --- | --- | --- | --- |
${rows.join('\n')}`;
}

/** Appends the figures to the history and rewrites the "History" section of bench/results.md. */
export async function recordFigures(
	figures: readonly Figure[],
	files: { history: URL; results: URL } = { history: HISTORY_FILE, results: RESULTS_FILE }
): Promise<void> {
	const stamp = {
		date: new Date().toISOString(),
		commit: currentCommit(),
		load: Math.round((loadavg()[0] ?? 0) * 10) / 10
	};
	const entries = figures.map((figure) => ({ ...stamp, ...figure }));
	await appendFile(files.history, historyLines(entries));
	const history = parseHistory(await readFile(files.history, 'utf8'));
	await writeResultsSection('History', renderHistory(history), files.results);
	for (const trend of trends(history).filter((t) => t.regression))
		console.warn(`regression: ${trend.name} is ${(trend.worse! * 100).toFixed(0)} % worse`);
}

function currentCommit(): string {
	try {
		return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
	} catch {
		return 'unknown';
	}
}
