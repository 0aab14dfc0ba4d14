/**
 * Starting the server: what it refuses to start with, and two servers started at once on one
 * empty data directory.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateCa } from '../../server/ca/authority.ts';
import { loadConfig } from '../../server/config.ts';
import { entryArgs } from '../../server/server-bundle.ts';
import { startServerProcess } from '../../server/server-process.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('two servers started at once on an empty data directory', () => {
	it('both start, every time', async () => {
		for (let run = 0; run < 6; run++) {
			const dataDir = mkdtempSync(join(tmpdir(), 'pickup-race-'));
			const env = {
				DATA_DIR: dataDir,
				BUILD_DIR: join(dataDir, 'no-build'),
				HOST: '127.0.0.1',
				PORT: '0'
			};
			const started = await Promise.allSettled([startServerProcess(env), startServerProcess(env)]);
			for (const result of started) if (result.status === 'fulfilled') await result.value.stop();
			rmSync(dataDir, { recursive: true, force: true });
			expect(
				started.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []))
			).toEqual([]);
		}
	});
});

describe('a CA loaded from files', () => {
	const dir = mkdtempSync(join(tmpdir(), 'pickup-ca-files-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));
	const made = join(dir, 'made');
	const other = join(dir, 'other');
	beforeAll(async () => {
		await loadOrCreateCa(loadConfig({ DATA_DIR: made }));
		await loadOrCreateCa(loadConfig({ DATA_DIR: other }));
		// An app to serve, so the only line on stderr is the refusal.
		mkdirSync(join(dir, 'build'));
		writeFileSync(join(dir, 'build', 'index.html'), '<!doctype html>');
		writeFileSync(join(dir, 'empty.pem'), '');
		writeFileSync(join(dir, 'garbage.pem'), 'not a certificate at all\n');
		writeFileSync(
			join(dir, 'corrupt.pem'),
			'-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n'
		);
	});

	/** Starts the server with these CA files and returns how it ended; it must not start. */
	function refusedStart(cert: string, key: string, chain = join(made, 'ca', 'root.pem')) {
		const result = spawnSync(process.execPath, entryArgs('server/main.ts'), {
			cwd: ROOT,
			env: {
				...process.env,
				DATA_DIR: join(dir, 'data'),
				BUILD_DIR: join(dir, 'build'),
				HOST: '127.0.0.1',
				PORT: '0',
				CA_CERT_FILE: cert,
				CA_KEY_FILE: key,
				CA_CHAIN_FILE: chain
			},
			encoding: 'utf8',
			timeout: 60_000
		});
		return { status: result.status, stderr: result.stderr, stdout: result.stdout };
	}

	const intermediate = () => join(made, 'ca', 'intermediate.pem');
	const intermediateKey = () => join(made, 'ca', 'intermediate.key');

	it.each([
		[
			'a key that is not the certificate’s',
			() => [intermediate(), join(other, 'ca', 'intermediate.key')],
			/CA_KEY_FILE \S+other\/ca\/intermediate\.key is not the private key of CA_CERT_FILE \S+intermediate\.pem/
		],
		[
			'a key of another type than the certificate’s',
			() => [intermediate(), join(made, 'ca', 'root.key')],
			/CA_KEY_FILE \S+root\.key is not a ECDSA P-256 private key like the certificate's/
		],
		[
			'a missing certificate file',
			() => [join(dir, 'missing.pem'), intermediateKey()],
			/CA_CERT_FILE \S+missing\.pem does not exist/
		],
		[
			'an empty certificate file',
			() => [join(dir, 'empty.pem'), intermediateKey()],
			/CA_CERT_FILE \S+empty\.pem holds no PEM CERTIFICATE block/
		],
		[
			'a corrupt certificate',
			() => [join(dir, 'corrupt.pem'), intermediateKey()],
			/CA_CERT_FILE \S+corrupt\.pem has a certificate that cannot be read/
		],
		[
			'a key file without a key',
			() => [intermediate(), join(dir, 'garbage.pem')],
			/CA_KEY_FILE \S+garbage\.pem holds no PEM PRIVATE KEY/
		],
		[
			'a key file that is empty',
			() => [intermediate(), join(dir, 'empty.pem')],
			/CA_KEY_FILE \S+empty\.pem holds no PEM PRIVATE KEY/
		],
		[
			'a missing chain file',
			() => [intermediate(), intermediateKey(), join(dir, 'missing-chain.pem')],
			/CA_CHAIN_FILE \S+missing-chain\.pem does not exist/
		]
	])('refuses %s with one line and exit code 1', (_, files, message) => {
		const [cert = '', key = '', chain] = files();
		const { status, stderr, stdout } = refusedStart(cert, key, chain);
		expect(stdout).not.toContain('listening');
		expect(status).toBe(1);
		expect(stderr.trim().split('\n')).toHaveLength(1);
		expect(stderr).toMatch(message);
		expect(stderr).toMatch(/^cannot start: /);
	});
});
