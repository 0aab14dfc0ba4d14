/**
 * NSS, as Firefox imports a .p12: `pk12util -i` into a fresh certificate database, then
 * `certutil` lists what it stored.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	caseNames,
	useCases,
	FRIENDLY_NAME,
	WRONG_PASSWORD_SUFFIX,
	type P12Case
} from './support/cases.ts';
import { hex, run } from './support/tools.ts';

const caseNamed = useCases('nss', [
	['pk12util', ['-h']],
	['certutil', ['-H']]
]);

/** A fresh, empty NSS database, as a new Firefox profile has. */
function freshDatabase(dir: string): string {
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	const database = `sql:${dir}`;
	const created = run('certutil', ['-N', '-d', database, '--empty-password']);
	expect(created.status, created.stderr).toBe(0);
	return database;
}

function importP12(c: P12Case, password: string, dir: string) {
	const database = freshDatabase(dir);
	return {
		database,
		result: run('pk12util', ['-i', c.file, '-d', database, '-W', password, '-K', ''])
	};
}

/** Nicknames from `certutil -L`: everything before the trust attributes column. */
function nicknames(database: string): string[] {
	const { stdout } = run('certutil', ['-L', '-d', database]);
	return stdout
		.split('\n')
		.slice(4)
		.map((line) => line.replace(/\s+\S*,\S*,\S*\s*$/, '').trim())
		.filter(Boolean);
}

describe.each(caseNames())('%s', (name) => {
	it('pk12util imports it into a fresh NSS database with the key, the leaf and the intermediate, the key paired with the leaf', () => {
		const c = caseNamed(name);
		const { database, result } = importP12(c, c.password, `${c.dir}-nss-ok`);
		expect(result.status, result.stdout + result.stderr).toBe(0);
		expect(result.stdout).toContain('PKCS12 IMPORT SUCCESSFUL');

		const names = nicknames(database);
		expect(names).toContain(FRIENDLY_NAME);
		const stored = names.map((nickname) => {
			const { stdout } = run('certutil', ['-L', '-d', database, '-n', nickname, '-a']);
			return hex(
				new Uint8Array(Buffer.from(stdout.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64'))
			);
		});
		expect(stored.sort()).toEqual([c.leafDer, c.intermediateDer].map(hex).sort());

		// NSS names a private key after the certificate whose public key it matches.
		const keys = run('certutil', ['-K', '-d', database]);
		expect(keys.status, keys.stderr).toBe(0);
		const keyLines = keys.stdout.split('\n').filter((line) => /^<\s*\d+>/.test(line));
		expect(keyLines).toHaveLength(1);
		expect(keyLines[0]).toContain(FRIENDLY_NAME);
		expect(keyLines[0]).toMatch(c.algorithm.startsWith('RSA') ? /\brsa\b/ : /\bec\b/);
	});

	it('pk12util refuses a wrong password', () => {
		const c = caseNamed(name);
		const { database, result } = importP12(
			c,
			c.password + WRONG_PASSWORD_SUFFIX,
			`${c.dir}-nss-wrong`
		);
		expect(result.status).not.toBe(0);
		expect(result.stdout + result.stderr).toContain('SEC_ERROR_BAD_PASSWORD');
		expect(nicknames(database)).toEqual([]);
	});
});
