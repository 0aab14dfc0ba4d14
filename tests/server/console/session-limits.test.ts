/**
 * A console session's two limits: it ends after CONSOLE_SESSION_IDLE_SECONDS without a request, and
 * CONSOLE_SESSION_MAX_SECONDS after sign-in however busy it is. Small limits, so the test can wait
 * past them; it asserts only that after a limit the session is refused.
 */
import { describe, expect, it } from 'vitest';
import { useServer } from '../harness.ts';
import { consoleEnv, signedIn } from './console-client.ts';

const IDLE_SECONDS = 2;
const MAX_SECONDS = 4;

const server = useServer(
	consoleEnv({
		CONSOLE_SESSION_IDLE_SECONDS: String(IDLE_SECONDS),
		CONSOLE_SESSION_MAX_SECONDS: String(MAX_SECONDS)
	})
);

function sleep(ms: number) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('a console session', () => {
	it('ends after the idle limit without a request', async () => {
		const { client } = await signedIn(server, 'office');
		expect((await client.get('/session')).status).toBe(200);
		await sleep(IDLE_SECONDS * 1000 + 500);
		const idle = await client.get('/session');
		expect([idle.status, idle.body.code]).toEqual([401, 'console_session_invalid']);
	});

	it('ends at the absolute limit even while in use', async () => {
		const { client } = await signedIn(server, 'office');
		const started = Date.now();
		// Requests well within the idle limit keep it from being what ends the session.
		while (Date.now() - started < MAX_SECONDS * 1000 + 500) {
			await client.get('/orders');
			await sleep(400);
		}
		const ended = await client.get('/session');
		expect([ended.status, ended.body.code]).toEqual([401, 'console_session_invalid']);
	});
});
