/**
 * Who may do what in the console: office staff work on orders, admins also unlock, cancel,
 * reissue and manage people, operator API keys and the outbox. Every endpoint needs a session;
 * operator API keys open none of them.
 */
import { describe, expect, it } from 'vitest';
import { newOrder, send, useServer } from '../harness.ts';
import { keySecret, Operator, operatorKey } from '../operator/operator-client.ts';
import { CONSOLE, consoleAudit, ConsoleClient, consoleEnv, signedIn } from './console-client.ts';

const server = useServer(consoleEnv());

interface Endpoint {
	method: 'GET' | 'POST';
	path: string;
}

/** The admin's endpoints; `{id}` is an order awaiting pickup, or an id that names nothing. */
const ADMIN_ONLY: Endpoint[] = [
	{ method: 'POST', path: '/orders/{id}/unlock' },
	{ method: 'POST', path: '/orders/{id}/cancel' },
	{ method: 'POST', path: '/orders/{id}/reissue' },
	{ method: 'GET', path: '/people' },
	{ method: 'POST', path: '/people/invites' },
	{ method: 'POST', path: '/people/{id}/remove' },
	{ method: 'POST', path: '/passkeys/{id}/remove' },
	{ method: 'GET', path: '/api-keys' },
	{ method: 'POST', path: '/api-keys' },
	{ method: 'POST', path: '/api-keys/{id}/revoke' },
	{ method: 'GET', path: '/outbox' },
	{ method: 'POST', path: '/outbox/{id}/retry' }
];

const EVERY_ENDPOINT: Endpoint[] = [
	{ method: 'POST', path: '/sign-out' },
	{ method: 'GET', path: '/session' },
	{ method: 'GET', path: '/orders' },
	{ method: 'GET', path: '/orders/{id}' },
	{ method: 'POST', path: '/orders' },
	{ method: 'POST', path: '/orders/{id}/resend' },
	...ADMIN_ONLY
];

function call(client: ConsoleClient, endpoint: Endpoint, id: string) {
	const path = endpoint.path.replace('{id}', id);
	return endpoint.method === 'GET' ? client.get(path) : client.post(path, {});
}

describe('office staff', () => {
	it.each(ADMIN_ONLY)(
		'get 403 role_forbidden for $method $path, and nothing changes',
		async (endpoint) => {
			const { client } = await signedIn(server, 'office');
			const { order } = await newOrder(server);
			const refused = await call(client, endpoint, order.id);
			expect([refused.status, refused.body.code]).toEqual([403, 'role_forbidden']);
			const details = await client.get(`/orders/${order.id}`);
			expect(details.body).toMatchObject({ status: 'awaiting_pickup', reissueOf: null });
		}
	);
});

describe('without a session', () => {
	it.each(EVERY_ENDPOINT)(
		'$method $path is 401, with an operator API key too',
		async (endpoint) => {
			const { order } = await newOrder(server);
			const path = CONSOLE + endpoint.path.replace('{id}', order.id);
			const key = await operatorKey(server, 'write');
			const credentials: Record<string, string>[] = [{}, { authorization: `Bearer ${key.key}` }];
			for (const headers of credentials) {
				const answer = await send(server, endpoint.method, path, {
					headers: { ...headers, 'content-type': 'application/json' },
					body: endpoint.method === 'POST' ? '{}' : undefined
				});
				expect([answer.status, answer.body.code]).toEqual([401, 'console_session_invalid']);
			}
		}
	);
});

describe('an admin', () => {
	it('invites people, who register with the link; a wrong name or role is refused by field', async () => {
		const { client } = await signedIn(server, 'admin', 'Head office');
		const invited = await client.post('/people/invites', { name: 'Mons office', role: 'office' });
		expect(invited.status).toBe(201);
		expect(invited.body).toEqual({
			link: expect.stringMatching(/^https:\/\/console\.example\.test\/operator\/invite#t=/),
			expiresAt: expect.any(String)
		});
		expect(Date.parse(invited.body.expiresAt) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
		const people = await client.get('/people');
		expect(people.body.invites).toContainEqual({
			id: expect.any(String),
			name: 'Mons office',
			role: 'office',
			createdAt: expect.any(String),
			expiresAt: invited.body.expiresAt,
			usedAt: null
		});
		const registered = await new ConsoleClient(server).register(
			new URL(invited.body.link).hash.slice('#t='.length)
		);
		expect(registered.body.person).toMatchObject({ name: 'Mons office', role: 'office' });
		const invite = (await consoleAudit(server)).find(
			(entry) => entry.event === 'person_invited' && entry.detail.name === 'Mons office'
		);
		expect(invite?.detail).toMatchObject({ role: 'office', by: 'Head office', via: 'console' });

		for (const [body, field] of [
			[{ name: 'x', role: 'boss' }, 'role'],
			[{ name: 'x' }, 'role'],
			[{ name: ' ', role: 'office' }, 'name'],
			[{ name: 'a\u202Eb', role: 'office' }, 'name'],
			[{ role: 'office' }, 'name'],
			[{ name: 'x', role: 'office', email: 'x@example.be' }, 'email']
		] as const) {
			const refused = await client.post('/people/invites', body);
			expect([refused.status, refused.body.code, refused.body.field]).toEqual([
				400,
				'body_invalid',
				field
			]);
		}
	});

	it('makes operator API keys, shown once, lists them without secrets, and revokes them', async () => {
		const { client } = await signedIn(server, 'admin', 'Key keeper');
		const created = await client.post('/api-keys', { name: 'CA order system', scope: 'write' });
		expect(created.status).toBe(201);
		expect(created.body).toEqual({ id: expect.any(String), key: expect.stringMatching(/^cpk_/) });
		const machine = new Operator(server, created.body.key);
		expect((await machine.get('/orders?limit=1')).status).toBe(200);

		const listed = await client.get('/api-keys');
		expect(listed.body.keys).toContainEqual({
			id: created.body.id,
			name: 'CA order system',
			scope: 'write',
			createdAt: expect.any(String),
			revokedAt: null,
			lastUsedAt: expect.any(String)
		});
		expect(JSON.stringify(listed.body)).not.toContain(keySecret(created.body.key));

		expect((await client.post(`/api-keys/${created.body.id}/revoke`)).status).toBe(204);
		expect((await machine.get('/orders?limit=1')).status).toBe(401);
		const again = await client.post(`/api-keys/${created.body.id}/revoke`);
		expect([again.status, again.body.code]).toEqual([404, 'not_found']);
		const audit = (await consoleAudit(server)).filter(
			(entry) => entry.detail.id === created.body.id
		);
		expect(audit.map(({ event, detail }) => [event, detail.by, detail.via])).toEqual([
			['api_key_created', 'Key keeper', 'console'],
			['api_key_revoked', 'Key keeper', 'console']
		]);

		for (const [body, field] of [
			[{ name: 'x', scope: 'admin' }, 'scope'],
			[{ name: 'x' }, 'scope'],
			[{ name: '', scope: 'read' }, 'name'],
			[{ name: 'x'.repeat(101), scope: 'read' }, 'name']
		] as const) {
			const refused = await client.post('/api-keys', body);
			expect([refused.status, refused.body.code, refused.body.field]).toEqual([
				400,
				'body_invalid',
				field
			]);
		}
	});

	it('is told plainly about ids that name nothing', async () => {
		const { client } = await signedIn(server, 'admin');
		for (const path of [
			'/people/nobody/remove',
			'/passkeys/nothing/remove',
			'/api-keys/0123456789abcdef/revoke',
			'/outbox/msg_none/retry',
			'/people/a.b/remove'
		]) {
			const answer = await client.post(path);
			expect([answer.status, answer.body.code], path).toEqual([404, 'not_found']);
		}
		const order = await client.post('/orders/NoSuchOrder123/cancel');
		expect([order.status, order.body.code]).toEqual([404, 'order_not_found']);
	});
});
