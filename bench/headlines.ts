/**
 * The headline figures of `npm run bench`, read back from the tables its benchmarks wrote into
 * bench/results.md, so that each benchmark stays a script that only writes its own section.
 */
import type { Figure } from './history.ts';

/** Ends the labels of bench/pickup-time.ts's rows whose link is opened as the browser is launched. */
export const AT_LAUNCH = ', link opened as the browser is launched';

interface Headline {
	name: string;
	section: string;
	/** The row whose first cell starts with this. */
	row: string;
	/** The cell with the value, counting the row's label as 0. */
	cell: number;
	better: Figure['better'];
	/** The cell with the target, when the table has one. */
	targetCell?: number;
}

export const HEADLINES: readonly Headline[] = [
	{
		name: 'first screen JS (gzip)',
		section: 'App size',
		row: 'before the first pickup step renders',
		cell: 1,
		better: 'lower',
		targetCell: 2
	},
	{
		name: 'applicant pickup JS (gzip)',
		section: 'App size',
		row: "everything an applicant's pickup can load",
		cell: 1,
		better: 'lower',
		targetCell: 2
	},
	// A new series from 2026-12-01: "pickup time" was clocked by Playwright, whose own round trips
	// between the steps it counted too; bench/instant-applicant.ts answers from inside the page. And
	// again from the evening of that day: the link is opened once the browser has finished starting
	// (bench/browser-idle.ts), no longer while its start-up took half the two cores.
	{
		name: 'link to file, browser started, P-256',
		section: 'Pickup time',
		row: 'P-256',
		cell: 1,
		better: 'lower'
	},
	{
		name: 'link to file, browser started, RSA-2048',
		section: 'Pickup time',
		row: 'RSA-2048',
		cell: 1,
		better: 'lower'
	},
	// The series before that change, continued by the runs that still open the link at launch.
	{
		name: 'link to file, in-page applicant, P-256',
		section: 'Pickup time',
		row: `P-256${AT_LAUNCH}`,
		cell: 1,
		better: 'lower'
	},
	{
		name: 'link to file, in-page applicant, RSA-2048',
		section: 'Pickup time',
		row: `RSA-2048${AT_LAUNCH}`,
		cell: 1,
		better: 'lower'
	},
	{
		name: 'keygen RSA-2048 in Chromium',
		section: 'PKI',
		row: 'keygen RSA-2048',
		cell: 2,
		better: 'lower'
	},
	{ name: 'p12 modern in Chromium', section: 'PKI', row: 'p12 modern', cell: 2, better: 'lower' },
	{ name: 'p12 legacy in Chromium', section: 'PKI', row: 'p12 legacy', cell: 2, better: 'lower' }
];

/** The figures found, and the names of those whose row or value is not there (any more). */
export function headlineFigures(results: string): { figures: Figure[]; missing: string[] } {
	const figures: Figure[] = [];
	const missing: string[] = [];
	for (const headline of HEADLINES) {
		const cells = tableRow(sectionOf(results, headline.section), headline.row);
		const value = measure(cells?.[headline.cell]);
		if (!value) {
			missing.push(headline.name);
			continue;
		}
		const target = measure(cells?.[headline.targetCell ?? -1]);
		figures.push({
			name: headline.name,
			...value,
			better: headline.better,
			...(target && target.unit === value.unit ? { target: target.value } : {})
		});
	}
	return { figures, missing };
}

function sectionOf(results: string, title: string): string {
	const start = results.indexOf(`## ${title}\n`);
	if (start === -1) return '';
	const end = results.indexOf('\n## ', start + 1);
	return results.slice(start, end === -1 ? undefined : end);
}

function tableRow(section: string, label: string): string[] | undefined {
	return section
		.split('\n')
		.filter((line) => line.startsWith('|'))
		.map((line) =>
			line
				.slice(1, line.endsWith('|') ? -1 : undefined)
				.split('|')
				.map((cell) => cell.trim())
		)
		.find((cells) => cells[0]?.startsWith(label));
}

/** "55.8 KB", "1.51 s", "73 ms" */
function measure(cell: string | undefined): { value: number; unit: string } | undefined {
	const match = /^(\d+(?:\.\d+)?) ?([A-Za-z%/]+)$/.exec(cell ?? '');
	return match ? { value: Number(match[1]), unit: match[2] as string } : undefined;
}
