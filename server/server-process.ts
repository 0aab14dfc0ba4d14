/**
 * Runs `server/main.ts` as a child process and waits for its "listening on" line: how the tests
 * and the benchmark drive the real server, with its real database, over real HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { entryArgs } from './server-bundle.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface ServerProcess {
	url: string;
	pid: number;
	output: () => string;
	stop: () => Promise<void>;
}

/**
 * `launcher`, when given, is a command that runs the server's command line (e.g. under limits);
 * `entry` is what starts the server (`server/start.ts` is the demo's `npm start`). It runs through
 * tsx, or as the bundle that the current test run built (server/server-bundle.ts).
 */
export async function startServerProcess(
	env: Record<string, string>,
	launcher: string[] = [],
	entry = 'server/main.ts'
): Promise<ServerProcess> {
	const [command = process.execPath, ...args] = [
		...launcher,
		process.execPath,
		...entryArgs(entry)
	];
	const child: ChildProcess = spawn(command, args, {
		cwd: ROOT,
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	let started = false;
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30_000);
		child.stdout?.on('data', (chunk: Buffer) => {
			log += chunk.toString();
			// Only until the server has started: a test's server logs for minutes, and searching the
			// whole log again at every chunk costs the square of its length.
			if (started) return;
			// The server's log is JSON lines: the URL ends at the closing quote.
			const match = /listening on (http:\/\/[^\s"]+)/.exec(log);
			if (match?.[1]) {
				started = true;
				clearTimeout(timer);
				resolve(match[1]);
			}
		});
		child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
		child.once('exit', (code, signal) => {
			clearTimeout(timer);
			log += `server exited (code ${code}, signal ${signal})\n`;
			reject(new Error(`server exited with ${code}:\n${log}`));
		});
	});
	return {
		url,
		pid: child.pid ?? 0,
		output: () => log,
		stop: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}
