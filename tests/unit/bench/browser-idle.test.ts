import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	processTreeCpuMs,
	waitForIdle,
	type Clock,
	type IdleRule
} from '../../../bench/browser-idle.ts';

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

describe("reading a launched browser's CPU from /proc", () => {
	it('counts the CPU of every descendant, not only the process started', async () => {
		// A shell whose child burns 300 ms of CPU (by its own clock, however busy the machine)
		// and then says so and waits.
		const burn =
			'const s = process.cpuUsage(); while (process.cpuUsage(s).user < 300000); console.log("burnt"); setTimeout(() => {}, 60000)';
		const shell = spawn('sh', ['-c', `${JSON.stringify(process.execPath)} -e '${burn}' & wait`], {
			stdio: ['ignore', 'pipe', 'ignore'],
			detached: true
		});
		try {
			await once(shell.stdout!, 'data');
			const treeCpu = await processTreeCpuMs(shell.pid!)();
			expect(treeCpu).toBeGreaterThanOrEqual(290);
			// The shell alone has used next to nothing.
			const shellTicks = readProcStat(shell.pid!).slice(11, 13);
			expect(shellTicks.reduce((sum, ticks) => sum + Number(ticks), 0) * 10).toBeLessThan(100);
		} finally {
			process.kill(-shell.pid!, 'SIGKILL');
		}
	});
});

function readProcStat(pid: number): string[] {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}
