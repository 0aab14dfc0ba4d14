import { describe, expect, it } from 'vitest';
import { waitForIdle, type Clock, type IdleRule } from '../../../bench/browser-idle.ts';

const RULE: IdleRule = { intervalMs: 100, idleCpuMs: 10, idleIntervals: 3, latestMs: 1000 };

/** A browser whose cumulative CPU time is `readings[n]` at the n-th read, on a clock that sleeps exactly. */
function browserReading(readings: number[]): { read: () => Promise<number>; clock: Clock } {
	let now = 0;
	let reads = 0;
	return {
		read: async () => readings[Math.min(reads++, readings.length - 1)]!,
		clock: {
			now: () => now,
			sleep: async (ms) => {
				now += ms;
			}
		}
	};
}

describe('waiting for the browser to finish starting', () => {
	it('settles after three intervals in a row of at most 10 ms CPU, counting the start-up CPU', async () => {
		// Busy for three intervals (200 ms CPU each), then one idle, one busy again, then three idle.
		const { read, clock } = browserReading([0, 200, 400, 600, 605, 700, 705, 710, 720]);
		expect(await waitForIdle(read, RULE, clock)).toEqual({
			settled: true,
			waitedMs: 800,
			cpuMs: 720
		});
	});

	it('does not count an interval just over the limit as idle', async () => {
		const { read, clock } = browserReading([0, 11, 22, 33, 43, 53, 63]);
		expect(await waitForIdle(read, RULE, clock)).toMatchObject({ settled: true, waitedMs: 600 });
	});

	it('gives up at the latest wait and says the browser never settled', async () => {
		const busy = Array.from({ length: 20 }, (_, index) => index * 50);
		const { read, clock } = browserReading(busy);
		expect(await waitForIdle(read, RULE, clock)).toEqual({
			settled: false,
			waitedMs: 1000,
			cpuMs: 500
		});
	});
});
