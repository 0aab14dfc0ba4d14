/**
 * CPU time of processes, read from Linux's /proc (clock ticks of 10 ms): for the server bench's
 * server processes and for a browser started by another launcher (Lighthouse's), whose DevTools
 * a bench does not hold.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10;

/** /proc/<pid>/stat after the command name, which may itself hold spaces and parentheses. */
function statFields(pid: number | string): string[] {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Fields 14 and 15 of stat(5), counted from its command name's end: user and system time. */
function cpuMsOf(fields: string[]): number {
	return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** User + system CPU time of one process, all its threads. */
export function processCpuMs(pid: number): number {
	return cpuMsOf(statFields(pid));
}

/** The CPU time of a process and all its descendants. */
export function processTreeCpuMs(rootPid: number): () => Promise<number> {
	return async () => {
		const processes = readdirSync('/proc')
			.filter((name) => /^\d+$/.test(name))
			.flatMap((pid) => {
				try {
					const fields = statFields(pid);
					return [{ pid: Number(pid), parent: Number(fields[1]), cpuMs: cpuMsOf(fields) }];
				} catch {
					// Ended between the listing and the read.
					return [];
				}
			});
		const inTree = new Set([rootPid]);
		for (let grew = true; grew;) {
			grew = false;
			for (const { pid, parent } of processes) {
				if (!inTree.has(pid) && inTree.has(parent)) {
					inTree.add(pid);
					grew = true;
				}
			}
		}
		return processes
			.filter(({ pid }) => inTree.has(pid))
			.reduce((sum, { cpuMs }) => sum + cpuMs, 0);
	};
}
