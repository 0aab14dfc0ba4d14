/**
 * The console's session settings: defaults, the environment and the configuration file, and a
 * one-line refusal naming the setting for a value the server cannot work with.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigurationError, loadConfig } from '../../../server/config.ts';

const dir = mkdtempSync(join(tmpdir(), 'pickup-console-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('console session settings', () => {
	it('default to 30 minutes idle and 12 hours in all', () => {
		expect(loadConfig({ DATA_DIR: dir }).console).toEqual({
			sessionIdleSeconds: 1800,
			sessionMaxSeconds: 43_200
		});
	});

	it('come from the environment over the file', () => {
		const file = join(dir, 'config.json');
		writeFileSync(
			file,
			JSON.stringify({ console: { sessionIdleSeconds: 600, sessionMaxSeconds: 7200 } })
		);
		expect(loadConfig({ DATA_DIR: dir, CONFIG_FILE: file }).console).toEqual({
			sessionIdleSeconds: 600,
			sessionMaxSeconds: 7200
		});
		expect(
			loadConfig({ DATA_DIR: dir, CONFIG_FILE: file, CONSOLE_SESSION_IDLE_SECONDS: '900' }).console
		).toEqual({ sessionIdleSeconds: 900, sessionMaxSeconds: 7200 });
	});

	it.each([
		[
			{ CONSOLE_SESSION_IDLE_SECONDS: '0' },
			/CONSOLE_SESSION_IDLE_SECONDS must be a whole number of seconds, at least 1/
		],
		[
			{ CONSOLE_SESSION_IDLE_SECONDS: 'ten' },
			/CONSOLE_SESSION_IDLE_SECONDS must be a whole number/
		],
		[{ CONSOLE_SESSION_MAX_SECONDS: '1.5' }, /CONSOLE_SESSION_MAX_SECONDS must be a whole number/],
		[{ CONSOLE_SESSION_MAX_SECONDS: '-5' }, /CONSOLE_SESSION_MAX_SECONDS must be a whole number/],
		[
			{ CONSOLE_SESSION_IDLE_SECONDS: '3600', CONSOLE_SESSION_MAX_SECONDS: '600' },
			/CONSOLE_SESSION_IDLE_SECONDS \(3600\) must not exceed CONSOLE_SESSION_MAX_SECONDS \(600\)/
		]
	])('refuse %o', (env, message) => {
		expect(() => loadConfig({ DATA_DIR: dir, ...env })).toThrow(ConfigurationError);
		expect(() => loadConfig({ DATA_DIR: dir, ...env })).toThrow(message);
	});
});
