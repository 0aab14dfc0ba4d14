/**
 * `npm run operator:key -- create|list|revoke`: the operator makes and revokes the API's keys with
 * the CLI, next to the running server, which honours them at once.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCliScript, useServer } from '../harness.ts';
import { keySecret, Operator, DEFAULT_ORDER } from './operator-client.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..');

const server = useServer();

/** `npm run --silent operator:key -- ...args` itself: npm, the package.json script, tsx and the CLI. */
function npmOperatorKey(...args: string[]) {
	return run('npm', ['run', '--silent', 'operator:key', '--', ...args], {
		cwd: ROOT,
		env: { ...process.env, ...server.env }
	});
}

/** What `npm run --silent operator:key -- ...args` runs, without npm and tsx (harness.ts). */
function operatorKey(...args: string[]) {
	return runCliScript('operator:key', args, server.env);
}

describe('npm run operator:key', () => {
	it('creates a key shown once, lists it without its hash, and revokes it', async () => {
		const created = await npmOperatorKey(
			'create',
			'--name',
			'CA order system',
			'--scope',
			'write',
			'--json'
		);
		expect(created.stdout.trim().split('\n')).toHaveLength(1);
		const { id, key } = JSON.parse(created.stdout) as { id: string; key: string };
		expect(Object.keys(JSON.parse(created.stdout)).sort()).toEqual(['id', 'key']);
		expect(key).toMatch(new RegExp(`^cpk_${id}_[A-Za-z0-9_-]{43}$`));

		const operator = new Operator(server, key);
		expect((await operator.post('/orders', { ...DEFAULT_ORDER, delivery: 'link' })).status).toBe(
			201
		);

		const listed = await operatorKey('list', '--json');
		const keys = JSON.parse(listed.stdout) as Record<string, unknown>[];
		expect(keys.find((entry) => entry.id === id)).toEqual({
			id,
			name: 'CA order system',
			scope: 'write',
			createdAt: expect.any(String),
			revokedAt: null,
			// Used once above, by the create call.
			lastUsedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/)
		});
		expect(listed.stdout).not.toContain(keySecret(key));
		expect(listed.stdout).not.toMatch(/secret|sha256/i);
		expect((await operatorKey('list')).stdout).toMatch(
			new RegExp(`^${id}\\s+write\\s+live\\s+CA order system$`, 'm')
		);

		expect((await operatorKey('revoke', id)).stdout).toContain(`API key ${id} is revoked`);
		expect((await operator.get('/orders?limit=1')).status).toBe(401);
		const revoked = (
			JSON.parse((await operatorKey('list', '--json')).stdout) as Record<string, unknown>[]
		).find((entry) => entry.id === id);
		expect(revoked?.revokedAt).toEqual(expect.any(String));
	});

	it('makes read keys by default, which cannot write', async () => {
		const { stdout } = await operatorKey('create', '--name', 'dashboard', '--json');
		const unused = (
			JSON.parse((await operatorKey('list', '--json')).stdout) as Record<string, unknown>[]
		).find((entry) => entry.id === (JSON.parse(stdout) as { id: string }).id);
		expect(unused?.lastUsedAt).toBeNull();
		const operator = new Operator(server, (JSON.parse(stdout) as { key: string }).key);
		expect((await operator.get('/orders?limit=1')).status).toBe(200);
		expect((await operator.post('/orders', DEFAULT_ORDER)).status).toBe(403);
	});

	it.each([
		[['create', '--name', 'x', '--scope', 'admin'], '--scope must be read or write'],
		[['create'], 'key create needs --name'],
		[['revoke', '0123456789abcdef'], 'no live API key 0123456789abcdef']
	])('refuses %j with a message and exit code 1', async (args, message) => {
		const failed = await operatorKey(...args).then(
			() => undefined,
			(error: { code: number; stderr: string }) => error
		);
		expect(failed?.code).toBe(1);
		expect(failed?.stderr).toContain(`error: ${message}`);
	});
});
