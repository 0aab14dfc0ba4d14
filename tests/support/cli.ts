/**
 * The operator CLI run as `npm run order:<command>` runs it, without npm's start-up (half a second
 * of CPU per call): from the bundle this test run built, or the source through tsx
 * (server/server-bundle.ts). Rejects like execFile on a non-zero exit, with `code`, `stdout` and
 * `stderr`.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { entryArgs } from '../../server/server-bundle.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

export function runCli(command: string, args: string[], env: Record<string, string>) {
	return run(process.execPath, [...entryArgs('server/cli.ts'), command, ...args], {
		cwd: ROOT,
		env: { ...process.env, ...env }
	});
}
