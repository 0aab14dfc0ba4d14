/**
 * The operator service's settings: e-mail, DKIM, webhooks and the outbox. What is wrong is said in
 * one line naming the setting, before the server starts.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigurationError, loadConfig } from '../../server/config.ts';
import { startServerProcess } from '../../server/server-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'pickup-operator-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

describe('operator service settings', () => {
	it('default to e-mails written as files, no webhooks, and a 30 s first retry', () => {
		const config = loadConfig({ DATA_DIR: dir, CA_NAME: 'Example CA' });
		expect(config.mail).toEqual({
			smtpUrl: undefined,
			from: '"Example CA" <pickup@127.0.0.1>',
			dkim: undefined,
			fileDir: join(dir, 'mail')
		});
		expect(config.webhook).toBeUndefined();
		expect(config.outbox).toEqual({ pollMs: 1000, retryBaseMs: 30_000, maxAttempts: 10 });
	});

	it('read SMTP, DKIM, webhook and outbox settings from the environment and the file', () => {
		const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const keyFile = join(dir, 'dkim.pem');
		writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
		const file = join(dir, 'config.json');
		writeFileSync(
			file,
			JSON.stringify({
				mail: { from: 'Example CA <pickup@example.org>' },
				webhook: { timeoutMs: 2500 },
				outbox: { maxAttempts: 3 }
			})
		);
		const config = loadConfig({
			CONFIG_FILE: file,
			SMTP_URL: 'smtps://user:pass@smtp.example.org:465',
			DKIM_DOMAIN: 'example.org',
			DKIM_SELECTOR: 'pickup',
			DKIM_PRIVATE_KEY_FILE: keyFile,
			WEBHOOK_URL: 'https://orders.example.org/hooks',
			WEBHOOK_SECRET: SECRET,
			OUTBOX_POLL_MS: '250'
		});
		expect(config.mail).toMatchObject({
			smtpUrl: 'smtps://user:pass@smtp.example.org:465',
			from: 'Example CA <pickup@example.org>',
			dkim: { domainName: 'example.org', keySelector: 'pickup' }
		});
		expect(config.mail.dkim?.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
		expect(config.webhook).toEqual({
			url: 'https://orders.example.org/hooks',
			secret: SECRET,
			timeoutMs: 2500
		});
		expect(config.outbox).toEqual({ pollMs: 250, retryBaseMs: 30_000, maxAttempts: 3 });
	});

	it.each([
		[{ SMTP_URL: 'http://smtp.example.org' }, /SMTP_URL must be smtp:/],
		[{ MAIL_FROM: 'pickup desk' }, /MAIL_FROM is not an e-mail address/],
		[{ DKIM_DOMAIN: 'example.org' }, /DKIM needs all of/],
		[
			{ DKIM_DOMAIN: 'example.org', DKIM_SELECTOR: 's', DKIM_PRIVATE_KEY_FILE: '/nonexistent.pem' },
			/DKIM_PRIVATE_KEY_FILE: cannot read \/nonexistent\.pem/
		],
		[{ WEBHOOK_URL: 'https://orders.example.org/hooks' }, /both WEBHOOK_URL and WEBHOOK_SECRET/],
		[{ WEBHOOK_SECRET: SECRET }, /both WEBHOOK_URL and WEBHOOK_SECRET/],
		[{ WEBHOOK_URL: 'ftp://orders.example.org', WEBHOOK_SECRET: SECRET }, /WEBHOOK_URL must be/],
		[
			{ WEBHOOK_URL: 'https://o.example.org', WEBHOOK_SECRET: 'secret' },
			/WEBHOOK_SECRET must be whsec_/
		],
		[
			{ WEBHOOK_URL: 'https://o.example.org', WEBHOOK_SECRET: 'whsec_c2hvcnQ=' },
			/at least 24 random bytes/
		],
		[{ OUTBOX_MAX_ATTEMPTS: '0' }, /OUTBOX_MAX_ATTEMPTS must be at least 1/]
	])('refuse %o', (env, message) => {
		expect(() => loadConfig(env)).toThrow(ConfigurationError);
		expect(() => loadConfig(env)).toThrow(message);
	});

	it('stop the server with one line naming the setting', async () => {
		const started = startServerProcess({
			DATA_DIR: dir,
			HOST: '127.0.0.1',
			PORT: '0',
			WEBHOOK_URL: 'https://orders.example.org/hooks'
		});
		await expect(started).rejects.toThrow(
			/cannot start: webhooks need both WEBHOOK_URL and WEBHOOK_SECRET\n/
		);
		await expect(started).rejects.not.toThrow(/at loadConfig|\n\s+at /);
	});
});
