/**
 * `npm start` (server/start.ts) on an empty data directory: it prints a pickup link, its pickup
 * password and the path of the pickup e-mail it wrote (no SMTP_URL), and that link and password
 * open the order on the server it then runs.
 */
import { simpleParser } from 'mailparser';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../server/free-port.ts';
import { startServerProcess, type ServerProcess } from '../../server/server-process.ts';
import { Api, linkParts, type TestServer } from './harness.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'pickup-demo-'));
let demo: ServerProcess | undefined;

afterAll(async () => {
	await demo?.stop();
	rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
	it('prints a working link, its pickup password and the e-mail it wrote', async () => {
		// A build newer than every source: the demo serves it instead of building the app again.
		writeFileSync(join(dataDir, 'index.html'), '<!doctype html><title>app</title>');
		const port = String(await freePort());
		demo = await startServerProcess(
			{ DATA_DIR: dataDir, BUILD_DIR: dataDir, HOST: '127.0.0.1', PORT: port },
			[],
			'server/start.ts'
		);
		const output = demo.output();
		const link = /pickup link: +(\S+)/.exec(output)?.[1] ?? '';
		const password = /pickup password: +(\S+)/.exec(output)?.[1] ?? '';
		const file = /pickup e-mail: +(\S+\.eml)/.exec(output)?.[1] ?? '';
		expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/pickup#o=`));
		expect(file.startsWith(join(dataDir, 'mail'))).toBe(true);
		expect(statSync(file).mode & 0o777).toBe(0o600);

		const mail = await simpleParser(readFileSync(file));
		expect(mail.to).toMatchObject({ text: 'demo@example.org' });
		expect(mail.text).toContain(link);
		expect(mail.text).not.toContain(password);

		const { orderId, linkSecret } = linkParts(link);
		const api = new Api({ url: demo.url, output: demo.output } as TestServer, orderId);
		expect((await api.summary(linkSecret)).status).toBe(200);
		expect((await api.session(linkSecret, password)).status).toBe(200);
	});
});
