/**
 * Where a pickup's time goes, read from the page's performance timeline once the file is offered:
 * Resource Timing for the document, the app's files, the crypto worker and each API round trip
 * (with the server's own share from Server-Timing), the app's measures for the crypto calls, the
 * worker's steps inside them and the IndexedDB writes, and the main thread's long tasks.
 */
import type { Page } from '@playwright/test';

interface Span {
	name: string;
	start: number;
	duration: number;
}

interface Resource extends Span {
	initiatorType: string;
	serverDuration: number | null;
}

/** The Long Animation Frames API's entry, which TypeScript's DOM types do not have yet. */
interface LongAnimationFrame extends PerformanceEntry {
	scripts: {
		invoker: string;
		invokerType: string;
		sourceURL: string;
		duration: number;
		forcedStyleAndLayoutDuration: number;
	}[];
}

interface Frame {
	start: number;
	duration: number;
	scripts: string[];
}

export interface Timeline {
	documentDone: number;
	resources: Resource[];
	measures: Span[];
	longTasks: Span[];
	/** Long animation frames, with the scripts that ran in each (over 5 ms). */
	frames: Frame[];
	/** The page's clock when the file was offered. */
	offered: number;
}

/**
 * Before the page's own scripts: long tasks are only reported to an observer that exists. Long
 * animation frames are observed beside them for their script attribution (which script, called
 * how: a promise resolved, an event, a module evaluated), which names what ran in a long task.
 */
export async function observeLongTasks(page: Page): Promise<void> {
	await page.addInitScript(() => {
		const tasks: { name: string; start: number; duration: number }[] = [];
		const frames: { start: number; duration: number; scripts: string[] }[] = [];
		const held = globalThis as unknown as {
			benchLongTasks: typeof tasks;
			benchFrames: typeof frames;
		};
		held.benchLongTasks = tasks;
		held.benchFrames = frames;
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries())
				tasks.push({ name: entry.name, start: entry.startTime, duration: entry.duration });
		}).observe({ type: 'longtask', buffered: true });
		if (!PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) return;
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries() as LongAnimationFrame[]) {
				const scripts = entry.scripts
					.filter((script) => script.duration >= 5)
					.map((script) => {
						const file = script.sourceURL.split('/').pop()?.split('#')[0] || 'inline';
						const forced = script.forcedStyleAndLayoutDuration;
						// A script's own evaluation names the script's URL as its invoker.
						const invoker = script.invokerType.endsWith('-script') ? 'evaluation' : script.invoker;
						return `${invoker} in ${file} ${script.duration.toFixed(0)} ms${forced >= 5 ? ` (${forced.toFixed(0)} ms forced style and layout)` : ''}`;
					});
				frames.push({ start: entry.startTime, duration: entry.duration, scripts });
			}
		}).observe({ type: 'long-animation-frame', buffered: true });
	});
}

export function readTimeline(page: Page): Promise<Timeline> {
	return page.evaluate(() => {
		const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
		return {
			documentDone: navigation.responseEnd,
			resources: (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map(
				(entry) => ({
					name: new URL(entry.name).pathname,
					start: entry.startTime,
					duration: entry.duration,
					initiatorType: entry.initiatorType,
					serverDuration:
						entry.serverTiming.find((timing) => timing.name === 'app')?.duration ?? null
				})
			),
			measures: performance.getEntriesByType('measure').map((entry) => ({
				name: entry.name,
				start: entry.startTime,
				duration: entry.duration
			})),
			longTasks: (globalThis as unknown as { benchLongTasks: Span[] }).benchLongTasks,
			frames: (globalThis as unknown as { benchFrames: Frame[] }).benchFrames,
			offered: performance.now()
		};
	});
}

/** The Long Tasks API reports only tasks of 50 ms and more: 0 is none of them, not a 0 ms task. */
export const LONGEST_TASK = 'longest main-thread task of 50 ms or more (0: none)';

/** One row per phase, in milliseconds; phases a run did not have are left out. */
export function phases(timeline: Timeline): Map<string, number> {
	const rows = new Map<string, number>();
	const add = (name: string, value: number) => rows.set(name, (rows.get(name) ?? 0) + value);
	add('document (navigation to last byte)', timeline.documentDone);
	const appFiles = timeline.resources.filter(
		(r) => r.name.startsWith('/_app/') && !r.name.includes('/workers/')
	);
	// The first screen's files are those the app needed before it could ask for the order.
	const firstCall = Math.min(
		...timeline.resources.filter((r) => r.name.startsWith('/api/')).map((r) => r.start)
	);
	const firstStep = appFiles.filter((r) => r.start < firstCall);
	add('app files before the first API call (wall time)', wallTime(firstStep));
	add('app files before the first API call (count)', firstStep.length);
	const later = appFiles.filter((r) => r.start >= firstCall);
	add('app files loaded later (wall time)', wallTime(later));
	add('app files loaded later (count)', later.length);
	for (const call of timeline.resources.filter((r) => r.name.startsWith('/api/'))) {
		const action = call.name.split('/').pop() ?? call.name;
		add(`API ${action}: round trip`, call.duration);
		if (call.serverDuration !== null) add(`API ${action}: in the server`, call.serverDuration);
	}
	for (const measure of timeline.measures) add(measureLabel(measure.name), measure.duration);
	add('IndexedDB writes (count)', timeline.measures.filter((m) => m.name === 'store put').length);
	add(LONGEST_TASK, Math.max(0, ...timeline.longTasks.map((t) => t.duration)));
	add('main-thread tasks over 50 ms (count)', timeline.longTasks.length);
	return rows;
}

const MEASURE_LABELS: Record<string, string> = {
	'crypto worker start': 'crypto worker start-up, while the order is read (script load and run)',
	'crypto generateKeyPair': 'key generation (worker call)',
	'crypto exportPkcs8': 'key export (worker call)',
	'crypto prepareDerivations':
		'derivations ahead, from the certificate password: key wrap PBKDF2 600,000 + the .p12 keys (worker call, in the background)',
	'crypto prepareKeyBag':
		'.p12 key bag, encrypted while the request is out (worker call, in the background)',
	'crypto releaseDerivations': 'derivations ahead released (worker call)',
	'crypto wrapPrivateKey':
		'key wrap: AES-GCM under the key derived ahead, else PBKDF2 600,000 first (worker call)',
	'crypto createCsr': 'CSR (worker call)',
	'crypto pickupResult': 'chain check + .p12 build (worker call)',
	'chain check': 'in that call: chain check',
	'pkcs12 build': 'in that call: .p12 build, self-check included',
	'pkcs12 self-check': 'in that call: self-check',
	'store open': 'IndexedDB open',
	'store put': 'IndexedDB writes (sum)'
};

function measureLabel(name: string): string {
	return MEASURE_LABELS[name] ?? name;
}

/**
 * Each task over 50 ms, with what ran in it: the scripts its animation frame names, else the last
 * thing that started before it.
 */
export function longTaskCauses(timeline: Timeline): string[] {
	const events = [
		...timeline.resources.map((r) => ({
			name: `load ${r.name}`,
			start: r.start,
			end: r.start + r.duration
		})),
		...timeline.measures.map((m) => ({ name: m.name, start: m.start, end: m.start + m.duration }))
	].sort((a, b) => a.start - b.start);
	return timeline.longTasks.map((task) => {
		const frame = timeline.frames.find(
			(candidate) =>
				candidate.start <= task.start + 1 &&
				task.start + task.duration <= candidate.start + candidate.duration + 1
		);
		const before = events.filter((event) => event.end <= task.start + 1).at(-1);
		const cause = frame?.scripts.length
			? `ran ${frame.scripts.join(', ')}`
			: `after ${before?.name ?? 'navigation'}`;
		return `${task.duration.toFixed(0)} ms at ${task.start.toFixed(0)} ms, ${cause}`;
	});
}

/** The time during which at least one of the spans ran. */
function wallTime(spans: readonly Span[]): number {
	const sorted = [...spans].sort((a, b) => a.start - b.start);
	let total = 0;
	let end = -Infinity;
	for (const span of sorted) {
		const spanEnd = span.start + span.duration;
		if (spanEnd <= end) continue;
		total += spanEnd - Math.max(end, span.start);
		end = spanEnd;
	}
	return total;
}
