/**
 * The console's admin tools: people and their passkeys, the operator API's keys (for machines),
 * and the outbox's e-mails and events that wait or gave up. Admins only: office staff get 403
 * role_forbidden.
 */
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { createApiKey, revokeApiKey, type ActedBy } from '../access/api-keys.ts';
import { createInvite } from '../access/invites.ts';
import { peopleOverview, removePasskey, removePerson } from '../access/people.ts';
import type { Context } from '../context.ts';
import { retryOutboxMessage } from '../outbox/retry.ts';
import { Refusal } from '../problems.ts';
import type { OutboxAttention, PersonRole } from '../store/console-types.ts';
import type { ApiKeyScope, OutboxMessage } from '../store/types.ts';
import { readJsonValue, type NodeContext } from './body.ts';
import { consoleSession } from './console-auth.ts';
import { objectBody, text } from './operator-input.ts';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const OUTBOX_SHOWN = 200;

export function consoleAdminRoutes(ctx: Context): Hono<{ Bindings: HttpBindings }> {
	const api = new Hono<{ Bindings: HttpBindings }>();
	const admin = consoleSession(ctx, 'admin');

	const actedBy = (c: NodeContext): ActedBy => ({
		by: c.get('consoleSession').person.name,
		via: 'console'
	});
	const body = async (c: NodeContext, fields: string[]) =>
		objectBody(await readJsonValue(c, ctx.config.bodyLimitBytes), new Set(fields));

	api.get('/people', admin, async (c) => c.json(await peopleOverview(ctx.store)));

	api.post('/people/invites', admin, async (c) => {
		const record = await body(c, ['name', 'role']);
		const invite = await createInvite(
			ctx.store,
			ctx.config,
			{ name: text(record, 'name', 100) ?? '', role: record.role as PersonRole },
			actedBy(c),
			ctx.now()
		);
		return c.json({ link: invite.link, expiresAt: invite.expiresAt }, 201);
	});

	api.post('/people/:id/remove', admin, async (c) => {
		const person = c.get('consoleSession').person;
		await removePerson(
			ctx.store,
			idOf(c, 'person'),
			{ personId: person.id, ...actedBy(c) },
			ctx.now()
		);
		return c.body(null, 204);
	});

	api.post('/passkeys/:id/remove', admin, async (c) => {
		await removePasskey(ctx.store, idOf(c, 'passkey'), actedBy(c), ctx.now());
		return c.body(null, 204);
	});

	api.get('/api-keys', admin, async (c) => {
		const keys = await ctx.store.listApiKeys();
		return c.json({
			keys: keys.map(({ id, name, scope, createdAt, revokedAt, lastUsedAt }) => ({
				id,
				name,
				scope,
				createdAt,
				revokedAt,
				lastUsedAt
			}))
		});
	});

	api.post('/api-keys', admin, async (c) => {
		const record = await body(c, ['name', 'scope']);
		const created = await createApiKey(
			ctx.store,
			text(record, 'name', 100) ?? '',
			record.scope as ApiKeyScope,
			ctx.now(),
			actedBy(c)
		);
		return c.json(created, 201);
	});

	api.post('/api-keys/:id/revoke', admin, async (c) => {
		await revokeApiKey(ctx.store, idOf(c, 'API key'), ctx.now(), actedBy(c));
		return c.body(null, 204);
	});

	api.get('/outbox', admin, async (c) => {
		const status = c.req.query('status');
		if (status !== undefined && status !== 'queued' && status !== 'failed')
			throw new Refusal('body_invalid', '"status" must be queued or failed.', { field: 'status' });
		const messages = await ctx.store.listOutbox(
			status as OutboxAttention | undefined,
			OUTBOX_SHOWN
		);
		return c.json({ messages: messages.map(messageOf) });
	});

	api.post('/outbox/:id/retry', admin, async (c) => {
		const message = await retryOutboxMessage(
			{
				store: ctx.store,
				config: ctx.config,
				now: ctx.now(),
				operatorName: c.get('consoleSession').person.name,
				via: 'console'
			},
			idOf(c, 'message')
		);
		ctx.wakeOutbox?.();
		return c.json({ message: messageOf(message) });
	});

	return api;
}

function idOf(c: NodeContext, what: string): string {
	const id = c.req.param('id') ?? '';
	if (!ID.test(id)) throw new Refusal('not_found', `There is no ${what} ${id.slice(0, 64)}.`);
	return id;
}

/** A message as the outbox page shows it: never its content, which may hold a pickup link. */
function messageOf(message: OutboxMessage) {
	return {
		id: message.id,
		kind: message.kind,
		orderId: message.orderId,
		topic: message.topic,
		status: message.status,
		attempts: message.attempts,
		nextAttemptAt: message.nextAttemptAt,
		lastResponse: message.lastResponse,
		createdAt: message.createdAt
	};
}
