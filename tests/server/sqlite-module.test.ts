/**
 * scripts/sqlite-module.sh builds better-sqlite3's native module, which npm ci leaves unbuilt
 * (.npmrc). Its compile from source runs in every fresh clone's npm test (scripts/test.sh waits for
 * it before the tests); here, the other paths: a module that loads is left alone, PostgreSQL needs
 * none, and a build that fails says so and fails.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const SCRIPT = join('scripts', 'sqlite-module.sh');

it('leaves a module that loads as it is: it prints nothing and builds nothing', async () => {
	const binding = join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
	const builtAt = statSync(binding).mtimeMs;
	const env = { ...process.env, DATABASE_URL: '' };
	const { stdout, stderr } = await run('bash', [SCRIPT], { cwd: ROOT, env });
	expect(stdout + stderr).toBe('');
	expect(statSync(binding).mtimeMs).toBe(builtAt);
});

/** A project with the script and without better-sqlite3: nothing to load, nothing to rebuild. */
function withoutSqlite(use: (project: string) => Promise<void>) {
	const project = mkdtempSync(join(tmpdir(), 'sqlite-module-'));
	mkdirSync(join(project, 'scripts'));
	copyFileSync(join(ROOT, SCRIPT), join(project, SCRIPT));
	writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'empty', private: true }));
	return use(project).finally(() => rmSync(project, { recursive: true, force: true }));
}

it('builds nothing for a PostgreSQL store (DATABASE_URL), which needs no SQLite', () =>
	withoutSqlite(async (project) => {
		const env = { ...process.env, DATABASE_URL: 'postgres://pickup@127.0.0.1/pickup' };
		const { stdout, stderr } = await run('bash', [SCRIPT], { cwd: project, env });
		expect(stdout + stderr).toBe('');
	}));

it('a build that leaves no module that loads says so, with npm’s output, and exits 1', () =>
	withoutSqlite(async (project) => {
		const env = { ...process.env, DATABASE_URL: '' };
		const failed = await run('bash', [SCRIPT], { cwd: project, env }).then(
			() => expect.fail('the script exited 0'),
			(error: { code: number; stdout: string; stderr: string }) => error
		);
		expect(failed.code).toBe(1);
		expect(failed.stdout).toBe('');
		expect(failed.stderr).toContain(
			`Building better-sqlite3's native module for Node ${process.version} (once)...`
		);
		expect(failed.stderr).toContain(
			"better-sqlite3's native module was not built (npm's output above); compiling it needs " +
				'make, g++ and python3.'
		);
	}));
