/**
 * Signing in to the console with passkeys: an invitation registers one passkey, which then signs
 * in with user verification; the session cookie opens the console's API until sign-out or removal,
 * and only with the CSRF token, from the console's origin. Operator API keys and the session
 * cookie open nothing on each other's side.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';
import { send, useServer } from '../harness.ts';
import { OPERATOR, operatorKey } from '../operator/operator-client.ts';
import {
	CONSOLE,
	consoleAudit,
	ConsoleClient,
	consoleEnv,
	inviteToken,
	PUBLIC_URL,
	signedIn
} from './console-client.ts';
import { SoftAuthenticator } from './soft-authenticator.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..');

// Refused sign-ins are counted per address; each test has its own (X-Forwarded-For).
const server = useServer(consoleEnv({ OPERATOR_AUTH_FAILURES_PER_MINUTE: '3' }));

describe('an invitation', () => {
	it('registers a passkey that signs its person in, with an httpOnly SameSite=Strict cookie', async () => {
		const client = new ConsoleClient(server);
		const token = await inviteToken(server, 'office', 'Leuven office');
		const options = await client.post('/invites/options', { invite: token });
		expect(options.status).toBe(200);
		expect(options.body).toMatchObject({
			name: 'Leuven office',
			role: 'office',
			options: {
				rp: { id: 'console.example.test' },
				user: { name: 'Leuven office' },
				attestation: 'none',
				authenticatorSelection: { residentKey: 'required', userVerification: 'required' }
			}
		});
		const authenticator = new SoftAuthenticator();
		const registered = await client.post('/invites/register', {
			invite: token,
			response: authenticator.register(options.body.options, { origin: PUBLIC_URL })
		});
		expect(registered.status).toBe(201);
		expect(registered.body).toEqual({
			person: { id: expect.any(String), name: 'Leuven office', role: 'office' },
			csrfToken: expect.any(String)
		});
		const [cookie] = registered.headers.getSetCookie();
		expect(cookie).toMatch(/^console_session=[A-Za-z0-9_-]{43};/);
		expect(cookie).toMatch(/; HttpOnly/);
		expect(cookie).toMatch(/; SameSite=Strict/);
		expect(cookie).toMatch(/; Path=\/api\/v1\/console/);
		// The public URL is https: the cookie travels over TLS only.
		expect(cookie).toMatch(/; Secure/);

		const session = await client.get('/session');
		expect(session.status).toBe(200);
		expect(session.body).toEqual({
			person: registered.body.person,
			csrfToken: registered.body.csrfToken,
			idleExpiresAt: expect.any(String),
			expiresAt: expect.any(String)
		});
		expect(Date.parse(session.body.expiresAt) - Date.now()).toBeGreaterThan(43_000_000);

		const again = new ConsoleClient(server);
		const signedInAgain = await again.signIn(authenticator);
		expect(signedInAgain.status).toBe(200);
		expect(signedInAgain.body.person).toEqual(registered.body.person);
		expect((await again.get('/session')).status).toBe(200);
	});

	it('is refused when used again, unknown, expired or malformed, saying which', async () => {
		const token = await inviteToken(server, 'office');
		expect((await new ConsoleClient(server).register(token)).status).toBe(201);
		const reused = await new ConsoleClient(server).register(token);
		expect([reused.status, reused.body.code]).toEqual([410, 'invite_used']);

		const unknown = await new ConsoleClient(server).register('A'.repeat(43));
		expect([unknown.status, unknown.body.code]).toEqual([404, 'invite_invalid']);

		const expired = await new ConsoleClient(server).register(
			await inviteToken(server, 'office', 'late', 25)
		);
		expect([expired.status, expired.body.code]).toEqual([410, 'invite_expired']);

		const missing = await new ConsoleClient(server).post('/invites/options', {});
		expect(missing.status).toBe(400);
		expect(missing.body).toMatchObject({ code: 'body_invalid', field: 'invite' });
		const extra = await new ConsoleClient(server).post('/invites/options', {
			invite: token,
			password: 'x'
		});
		expect(extra.body).toMatchObject({ code: 'body_invalid', field: 'password' });
	});

	it('registers one passkey only, when two registrations race', async () => {
		const token = await inviteToken(server, 'office');
		const [first, second] = [new ConsoleClient(server), new ConsoleClient(server)];
		const [firstOptions, secondOptions] = await Promise.all(
			[first, second].map((client) => client.post('/invites/options', { invite: token }))
		);
		const answers = await Promise.all([
			first.post('/invites/register', {
				invite: token,
				response: new SoftAuthenticator().register(firstOptions?.body.options, {
					origin: PUBLIC_URL
				})
			}),
			second.post('/invites/register', {
				invite: token,
				response: new SoftAuthenticator().register(secondOptions?.body.options, {
					origin: PUBLIC_URL
				})
			})
		]);
		expect(answers.map((answer) => answer.status).sort()).toEqual([201, 410]);
		expect(answers.find((answer) => answer.status === 410)?.body.code).toBe('invite_used');
	});

	it('is refused, and stays unused, when the authenticator did not verify its user', async () => {
		const token = await inviteToken(server, 'office');
		const unverified = await new ConsoleClient(server).register(
			token,
			new SoftAuthenticator(),
			false
		);
		expect([unverified.status, unverified.body.code]).toEqual([401, 'passkey_refused']);
		expect(unverified.body.detail).toMatch(/user verification/i);
		expect((await new ConsoleClient(server).register(token)).status).toBe(201);
	});

	it('takes a registration only for its own challenge, once, from the console origin', async () => {
		const client = new ConsoleClient(server);
		const token = await inviteToken(server, 'office');
		const options = await client.post('/invites/options', { invite: token });
		const authenticator = new SoftAuthenticator();
		const foreign = await client.post('/invites/register', {
			invite: token,
			response: authenticator.register(options.body.options, {
				origin: 'https://phish.example'
			})
		});
		expect([foreign.status, foreign.body.code]).toEqual([401, 'passkey_refused']);
		// The challenge was used up by that attempt: the right origin now is too late for it.
		const replayed = await client.post('/invites/register', {
			invite: token,
			response: authenticator.register(options.body.options, { origin: PUBLIC_URL })
		});
		expect([replayed.status, replayed.body.code]).toEqual([401, 'passkey_refused']);
		// Another invitation's challenge does not register this one.
		const other = await inviteToken(server, 'office');
		const otherOptions = await client.post('/invites/options', { invite: other });
		const crossed = await client.post('/invites/register', {
			invite: token,
			response: authenticator.register(otherOptions.body.options, { origin: PUBLIC_URL })
		});
		expect([crossed.status, crossed.body.code]).toEqual([401, 'passkey_refused']);
		const shapeless = await new ConsoleClient(server).post('/invites/register', {
			invite: token,
			response: 'yes'
		});
		expect(shapeless.body).toMatchObject({ code: 'body_invalid', field: 'response' });
	});
});

describe('signing in', () => {
	it('needs user verification, the challenge it was given, and a registered passkey', async () => {
		const { authenticator } = await signedIn(server, 'office');
		const unverified = await new ConsoleClient(server).signIn(authenticator, false);
		expect([unverified.status, unverified.body.code]).toEqual([401, 'passkey_refused']);
		expect(unverified.headers.getSetCookie()).toEqual([]);

		const stranger = await new ConsoleClient(server).signIn(new SoftAuthenticator());
		expect([stranger.status, stranger.body.code]).toEqual([401, 'passkey_refused']);

		const client = new ConsoleClient(server);
		const options = await client.post('/sign-in/options', {});
		expect(options.body.options).toMatchObject({
			rpId: 'console.example.test',
			userVerification: 'required'
		});
		const response = authenticator.signIn(options.body.options, { origin: PUBLIC_URL });
		expect((await client.post('/sign-in', { response })).status).toBe(200);
		const replayed = await new ConsoleClient(server).post('/sign-in', { response });
		expect([replayed.status, replayed.body.code]).toEqual([401, 'passkey_refused']);
	});

	it('refuses a passkey whose user handle names another person', async () => {
		const { authenticator } = await signedIn(server, 'office');
		const client = new ConsoleClient(server);
		const options = await client.post('/sign-in/options', {});
		const response = authenticator.signIn(options.body.options, { origin: PUBLIC_URL });
		response.response.userHandle = Buffer.from('someone-else').toString('base64url');
		const refused = await client.post('/sign-in', { response });
		expect([refused.status, refused.body.code]).toEqual([401, 'passkey_refused']);
		expect(refused.body.detail).toMatch(/another person/);
		const next = await client.post('/sign-in/options', {});
		const odd = authenticator.signIn(next.body.options, { origin: PUBLIC_URL });
		const numbered = await client.post('/sign-in', {
			response: { ...odd, response: { ...odd.response, userHandle: 42 } }
		});
		expect([numbered.status, numbered.body.code]).toEqual([401, 'passkey_refused']);
	});

	it('refuses a body that is not JSON', async () => {
		const refused = await new ConsoleClient(server).post('/sign-in/options', undefined, {
			'content-type': 'text/plain'
		});
		expect([refused.status, refused.body.code]).toEqual([415, 'unsupported_media_type']);
	});

	it('is audited under the person’s name, as are sign-out and invitations', async () => {
		const { client, person } = await signedIn(server, 'office', 'Gent office');
		expect((await client.post('/sign-out')).status).toBe(204);
		const events = (await consoleAudit(server)).filter(
			(entry) => entry.detail.person === person.id || entry.detail.name === 'Gent office'
		);
		expect(
			events.map(({ event, detail }) => [event, detail.by ?? null, detail.via ?? null])
		).toEqual([
			['person_invited', 'test', 'test'],
			['person_enrolled', null, null],
			['console_signed_in', 'Gent office', 'console'],
			['console_signed_out', 'Gent office', 'console']
		]);
	});

	it('slows down an address past its refused attempts, whatever it sends next', async () => {
		const client = new ConsoleClient(server);
		for (let attempt = 0; attempt < 3; attempt++)
			expect((await client.register('B'.repeat(43))).status).toBe(404);
		const limited = await client.post('/sign-in/options', {});
		expect([limited.status, limited.body.code]).toEqual([429, 'rate_limited']);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		// Another address is not held up.
		expect((await new ConsoleClient(server).post('/sign-in/options', {})).status).toBe(200);
	});
});

describe('a session', () => {
	it('ends at sign-out: the cookie is cleared and no longer opens anything', async () => {
		const { client } = await signedIn(server, 'office');
		const cookie = client.cookie;
		const out = await client.post('/sign-out');
		expect(out.status).toBe(204);
		expect(out.headers.getSetCookie()[0]).toMatch(/^console_session=;.*Max-Age=0/);
		client.cookie = cookie;
		const after = await client.get('/session');
		expect([after.status, after.body.code]).toEqual([401, 'console_session_invalid']);
		expect((await new ConsoleClient(server).get('/orders')).status).toBe(401);
		const forged = new ConsoleClient(server);
		forged.cookie = 'not-a-session';
		expect((await forged.get('/session')).body.code).toBe('console_session_invalid');
	});

	it('ends when its passkey is removed, and that passkey no longer signs in', async () => {
		const admin = await signedIn(server, 'admin');
		const office = await signedIn(server, 'office', 'Brugge office');
		const other = new ConsoleClient(server);
		expect((await other.signIn(office.authenticator)).status).toBe(200);
		const people = await admin.client.get('/people');
		const passkey = people.body.people.find(
			(entry: { id: string }) => entry.id === office.person.id
		).passkeys[0];
		expect(passkey).toEqual({
			id: expect.any(String),
			createdAt: expect.any(String),
			lastUsedAt: expect.any(String)
		});
		expect((await admin.client.post(`/passkeys/${passkey.id}/remove`)).status).toBe(204);
		expect((await office.client.get('/session')).status).toBe(401);
		expect((await other.get('/session')).status).toBe(401);
		const refused = await new ConsoleClient(server).signIn(office.authenticator);
		expect([refused.status, refused.body.code]).toEqual([401, 'passkey_refused']);
		const again = await admin.client.post(`/passkeys/${passkey.id}/remove`);
		expect([again.status, again.body.code]).toEqual([404, 'not_found']);
	});

	it('ends when its person is removed; an admin cannot remove themselves', async () => {
		const admin = await signedIn(server, 'admin', 'Head office');
		const office = await signedIn(server, 'office', 'Antwerpen office');
		expect((await admin.client.post(`/people/${office.person.id}/remove`)).status).toBe(204);
		expect((await office.client.get('/session')).status).toBe(401);
		expect((await new ConsoleClient(server).signIn(office.authenticator)).status).toBe(401);
		const people = await admin.client.get('/people');
		expect(people.body.people.map((entry: { id: string }) => entry.id)).not.toContain(
			office.person.id
		);
		const self = await admin.client.post(`/people/${admin.person.id}/remove`);
		expect([self.status, self.body.code]).toEqual([403, 'role_forbidden']);
		const gone = await admin.client.post(`/people/${office.person.id}/remove`);
		expect([gone.status, gone.body.code]).toEqual([404, 'not_found']);
		expect(
			(await consoleAudit(server)).find(
				(entry) => entry.event === 'person_removed' && entry.detail.person === office.person.id
			)?.detail
		).toMatchObject({ name: 'Antwerpen office', by: 'Head office', via: 'console' });
	});
});

describe('CSRF', () => {
	it('refuses a POST without the session’s token, or with another session’s', async () => {
		const { client } = await signedIn(server, 'office');
		const other = await signedIn(server, 'office');
		const without = await client.post('/sign-out', {}, { 'x-console-csrf': null });
		expect([without.status, without.body.code]).toEqual([403, 'csrf_refused']);
		const foreign = await client.post(
			'/sign-out',
			{},
			{ 'x-console-csrf': other.client.csrfToken ?? '' }
		);
		expect([foreign.status, foreign.body.code]).toEqual([403, 'csrf_refused']);
		expect((await client.get('/session')).status).toBe(200);
	});

	it.each([
		[{ origin: 'https://evil.example' }],
		[{ 'sec-fetch-site': 'cross-site' }],
		[{ 'sec-fetch-site': 'same-site' }]
	])('refuses a POST with %o even with the token, and before a session', async (headers) => {
		const { client } = await signedIn(server, 'office');
		const refused = await client.post('/sign-out', {}, headers);
		expect([refused.status, refused.body.code]).toEqual([403, 'csrf_refused']);
		expect((await client.get('/session')).status).toBe(200);
		const before = await new ConsoleClient(server).post('/sign-in/options', {}, headers);
		expect([before.status, before.body.code]).toEqual([403, 'csrf_refused']);
	});

	it('lets a POST through that carries no Origin or Sec-Fetch-Site (not a browser)', async () => {
		const { client } = await signedIn(server, 'office');
		const plain = await client.post('/sign-out', {}, { origin: null, 'sec-fetch-site': null });
		expect(plain.status).toBe(204);
	});
});

describe('the console and the operator API', () => {
	it('keep their credentials apart', async () => {
		const { client } = await signedIn(server, 'admin');
		const key = await operatorKey(server, 'write');
		const withKey = await send(server, 'GET', `${CONSOLE}/orders`, {
			headers: { authorization: `Bearer ${key.key}` }
		});
		expect([withKey.status, withKey.body.code]).toEqual([401, 'console_session_invalid']);
		const withCookie = await send(server, 'GET', `${OPERATOR}/orders`, {
			headers: { cookie: `console_session=${client.cookie ?? ''}` }
		});
		expect([withCookie.status, withCookie.body.code]).toEqual([401, 'unauthorized']);
	});
});

describe('npm run operator:invite', () => {
	const env = () => ({ ...process.env, ...server.env });

	it('prints a one-time link that registers a passkey', async () => {
		const { stdout } = await run(
			'npm',
			['run', '--silent', 'operator:invite', '--', '--name', 'Leuven office', '--role', 'admin'],
			{ cwd: ROOT, env: env() }
		);
		const link = /^(https:\/\/console\.example\.test\/operator\/invite#t=[A-Za-z0-9_-]{43})$/m.exec(
			stdout
		)?.[1];
		expect(link, stdout).toBeDefined();
		expect(stdout).toMatch(/Leuven office \(admin\), valid until \d{4}-/);
		const registered = await new ConsoleClient(server).register(
			new URL(link ?? '').hash.slice('#t='.length)
		);
		expect(registered.body.person).toMatchObject({ name: 'Leuven office', role: 'admin' });
	});

	it("--json prints the link and its expiry as one JSON object, the end-to-end tests' way", async () => {
		const { stdout } = await runCli(
			'invite',
			['--name', 'Gent office', '--role', 'office', '--json'],
			server.env
		);
		expect(stdout.trim().split('\n')).toHaveLength(1);
		const printed = JSON.parse(stdout) as { link: string; expiresAt: string };
		expect(Object.keys(printed).sort()).toEqual(['expiresAt', 'link']);
		expect(Date.parse(printed.expiresAt) - Date.now()).toBeGreaterThan(23 * 3600_000);
		const registered = await new ConsoleClient(server).register(
			new URL(printed.link).hash.slice('#t='.length)
		);
		expect(registered.body.person).toMatchObject({ name: 'Gent office', role: 'office' });
	});

	it('refuses a role that is not office or admin, with a message and exit code 1', async () => {
		// The command line npm runs, without npm: the script's name is tested above.
		const failed = await run(
			process.execPath,
			['--import', 'tsx', 'server/cli.ts', 'invite', '--name', 'x', '--role', 'boss'],
			{ cwd: ROOT, env: env() }
		).then(
			() => undefined,
			(error: { code: number; stderr: string }) => error
		);
		expect(failed?.code).toBe(1);
		expect(failed?.stderr.trim()).toBe('error: --role must be office or admin, not "boss"');
	});
});
