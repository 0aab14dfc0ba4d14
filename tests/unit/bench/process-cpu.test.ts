import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { processCpuMs, processTreeCpuMs } from '../../../bench/process-cpu.ts';

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
			expect(processCpuMs(shell.pid!)).toBeLessThan(100);
		} finally {
			process.kill(-shell.pid!, 'SIGKILL');
		}
	});
});
