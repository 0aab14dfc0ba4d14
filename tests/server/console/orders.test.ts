/**
 * The console's orders, by office staff and admins: creating with the operator API's checks,
 * finding by name, e-mail address or id, the history from creation to collection, resending,
 * unlocking with a reason, cancelling and reissuing, all audited under the person's name; and the
 * outbox's failed e-mails and events retried by an admin.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Api, csrFor, linkParts, startServer, type TestServer } from '../harness.ts';
import { smtpReply, startSmtpSink, type SmtpSink } from '../mail/smtp-sink.ts';
import { lockByWrongPasswords, DEFAULT_ORDER } from '../operator/operator-client.ts';
import { FAST_OUTBOX, mailsFor, WEBHOOK_SECRET } from '../outbox/outbox-support.ts';
import { startReceiver, type Receiver } from '../webhooks/receiver.ts';
import { consoleEnv, signedIn } from './console-client.ts';

const WAIT = { timeout: 30_000, interval: 100 };
const PICKUP_PASSWORD = 'correct horse battery';

const server = {} as TestServer;
/** Recipients the SMTP server refuses with 550 for now. */
const bouncing = new Set<string>();
let sink: SmtpSink;
let receiver: Receiver;

beforeAll(async () => {
	sink = await startSmtpSink({
		onRcptTo(address, _session, callback) {
			if (bouncing.has(address.address))
				callback(smtpReply(550, `5.1.1 <${address.address}>: Recipient address rejected`));
			else callback();
		}
	});
	receiver = await startReceiver();
	await startServer(
		consoleEnv({
			SMTP_URL: sink.url(),
			WEBHOOK_URL: receiver.url,
			WEBHOOK_SECRET,
			...FAST_OUTBOX
		}),
		server
	);
});

afterAll(async () => {
	await server.dispose?.();
	await sink?.close();
	await receiver?.close();
});

type Client = Awaited<ReturnType<typeof signedIn>>['client'];

async function created(client: Client, body: Record<string, unknown> = {}) {
	const answer = await client.post('/orders', { ...DEFAULT_ORDER, ...body });
	if (answer.status !== 201) throw new Error(`create: ${JSON.stringify(answer.body)}`);
	return answer.body as { order: { id: string }; link: string; pickupPassword?: string };
}

async function history(client: Client, orderId: string): Promise<string[]> {
	const details = await client.get(`/orders/${orderId}`);
	return (details.body.history as { event: string }[]).map((entry) => entry.event);
}

describe('office staff', () => {
	it('create an order and always get its link; the pickup password only when generated', async () => {
		const { client } = await signedIn(server, 'office', 'Leuven office');
		const generated = await client.post('/orders', { ...DEFAULT_ORDER, delivery: 'link' });
		expect(generated.status).toBe(201);
		expect(generated.body).toEqual({
			order: expect.objectContaining({
				status: 'awaiting_pickup',
				commonName: 'Jan Peeters',
				delivery: 'link'
			}),
			link: expect.stringMatching(/^https:\/\/console\.example\.test\/pickup#o=/),
			pickupPassword: expect.stringMatching(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/)
		});
		const chosen = await created(client, { pickupPassword: PICKUP_PASSWORD, delivery: 'email' });
		expect(chosen.link).toContain(`#o=${chosen.order.id}&`);
		expect(chosen.pickupPassword).toBeUndefined();
		const [entry] = (await client.get(`/orders/${chosen.order.id}`)).body.history;
		expect(entry).toMatchObject({
			event: 'order_created',
			actor: 'operator',
			detail: { by: 'Leuven office', via: 'console' }
		});
	});

	it.each([
		[{ commonName: undefined }, 400, 'body_invalid', 'commonName'],
		[{ email: 'not an address' }, 422, 'order_invalid', 'email'],
		[{ pickupPassword: 'short' }, 422, 'order_invalid', 'pickupPassword'],
		[{ locale: 'xx' }, 400, 'body_invalid', 'locale'],
		[{ delivery: 'fax' }, 400, 'body_invalid', 'delivery'],
		[{ validityMonths: 99 }, 422, 'order_invalid', 'validityMonths'],
		[{ productId: 'nope' }, 422, 'order_invalid', 'productId'],
		[{ colour: 'blue' }, 400, 'body_invalid', 'colour']
	])('refuse to create %o: %i %s naming the field', async (change, status, code, field) => {
		const { client } = await signedIn(server, 'office');
		const answer = await client.post('/orders', { ...DEFAULT_ORDER, ...change });
		expect([answer.status, answer.body.code, answer.body.field]).toEqual([status, code, field]);
	});

	it('find orders by part of the name in any case, by e-mail address or by id', async () => {
		const { client } = await signedIn(server, 'office');
		const zoe = await created(client, {
			commonName: 'Zoë Ñúñez-Search',
			email: 'Zoe.Search@example.be',
			delivery: 'link'
		});
		const other = await created(client, { commonName: 'Pieter 100% Search', delivery: 'link' });
		const found = async (q: string, status?: string) => {
			const query = new URLSearchParams({ q, ...(status ? { status } : {}) });
			const answer = await client.get(`/orders?${query}`);
			expect(answer.status).toBe(200);
			return (answer.body.orders as { id: string }[]).map((order) => order.id);
		};
		expect(await found('ZOË ÑÚÑ')).toEqual([zoe.order.id]);
		expect(await found('ñez-search')).toEqual([zoe.order.id]);
		expect(await found('zoe.search@EXAMPLE.be')).toEqual([zoe.order.id]);
		expect(await found(zoe.order.id)).toEqual([zoe.order.id]);
		expect(await found('-search')).toEqual([zoe.order.id]);
		expect(await found('100%')).toEqual([other.order.id]);
		expect(await found('0%_s')).toEqual([]);
		expect(await found('search', 'cancelled')).toEqual([]);
		expect((await found('SEARCH')).sort()).toEqual([zoe.order.id, other.order.id].sort());
		const listed = await client.get('/orders?q=Search');
		expect(listed.body).toEqual({
			orders: [
				expect.objectContaining({ id: other.order.id, commonName: 'Pieter 100% Search' }),
				expect.anything()
			],
			nextCursor: null
		});

		for (const [query, field] of [
			[`q=${'x'.repeat(257)}`, 'q'],
			['status=lost', 'status'],
			['cursor=nonsense', 'cursor']
		] as const) {
			const refused = await client.get(`/orders?${query}`);
			expect([refused.status, refused.body.code, refused.body.field]).toEqual([
				400,
				'body_invalid',
				field
			]);
		}
		const missing = await client.get('/orders/NoSuchOrder0000');
		expect([missing.status, missing.body.code]).toEqual([404, 'order_not_found']);
	});

	it('see the history: created, e-mailed, opened (once), request received, issued, collected', async () => {
		const { client } = await signedIn(server, 'office');
		const order = await created(client, { pickupPassword: PICKUP_PASSWORD, delivery: 'email' });
		await vi.waitFor(
			async () => expect(await history(client, order.order.id)).toContain('email_sent'),
			WAIT
		);
		const { orderId, linkSecret } = linkParts(order.link);
		const api = new Api(server, orderId);
		expect((await api.summary(linkSecret)).status).toBe(200);
		expect((await api.summary(linkSecret)).status).toBe(200);
		const session = await api.session(linkSecret, PICKUP_PASSWORD);
		const token = session.body.sessionToken as string;
		expect((await api.request(token, await csrFor())).status).toBe(200);
		expect((await api.collected(token)).status).toBe(204);

		const details = await client.get(`/orders/${orderId}`);
		expect(details.body).toMatchObject({
			status: 'collected',
			emailDelivery: { status: 'sent' },
			certificate: { serial: expect.any(String) }
		});
		const events = await history(client, orderId);
		const milestones = [
			'order_created',
			'email_sent',
			'link_opened',
			'request_received',
			'certificate_issued',
			'collected'
		];
		expect(events.filter((event) => milestones.includes(event))).toEqual(milestones);
		const opened = (details.body.history as { event: string }[]).find(
			(entry) => entry.event === 'link_opened'
		);
		expect(opened).toMatchObject({ actor: 'applicant', detail: null });
	});

	it('resend a new link, by e-mail for a link-only order; the old link stops working', async () => {
		const { client } = await signedIn(server, 'office', 'Gent office');
		const order = await created(client, { delivery: 'link' });
		const old = linkParts(order.link);
		expect((await new Api(server, old.orderId).summary(old.linkSecret)).status).toBe(200);
		const resent = await client.post(`/orders/${order.order.id}/resend`, { delivery: 'email' });
		expect(resent.status).toBe(200);
		expect(resent.body.order).toMatchObject({
			delivery: 'email',
			emailDelivery: { status: 'queued' }
		});
		expect(resent.body.link).not.toBe(order.link);
		expect((await new Api(server, old.orderId).summary(old.linkSecret)).status).toBe(401);
		await vi.waitFor(
			async () => expect(await mailsFor(sink.received, order.order.id)).toHaveLength(1),
			WAIT
		);
		const [mail] = await mailsFor(sink.received, order.order.id);
		expect(mail?.text).toContain(resent.body.link);
		const fresh = linkParts(resent.body.link);
		expect((await new Api(server, fresh.orderId).summary(fresh.linkSecret)).status).toBe(200);
		const events = await history(client, order.order.id);
		// Each link's first opening is in the history.
		expect(events.filter((event) => event === 'link_opened')).toHaveLength(2);
		const resend = (await client.get(`/orders/${order.order.id}`)).body.history.find(
			(entry: { event: string }) => entry.event === 'link_resent'
		);
		expect(resend.detail).toEqual({ delivery: 'email', by: 'Gent office', via: 'console' });

		const noAddress = await created(client, {
			productId: 'tls-server',
			commonName: 'portal.example.be',
			email: undefined,
			delivery: 'link'
		});
		const refused = await client.post(`/orders/${noAddress.order.id}/resend`, {
			delivery: 'email'
		});
		expect([refused.status, refused.body.code, refused.body.field]).toEqual([
			422,
			'order_invalid',
			'delivery'
		]);
		const wrong = await client.post(`/orders/${noAddress.order.id}/resend`, { delivery: 'fax' });
		expect([wrong.status, wrong.body.field]).toEqual([400, 'delivery']);
		const malformed = await client.post('/orders/not.an.id/resend', {});
		expect([malformed.status, malformed.body.code]).toEqual([404, 'order_not_found']);
	});
});

describe('an admin', () => {
	it('unlocks a locked order with a reason, audited under their name and the console', async () => {
		const { client } = await signedIn(server, 'admin', 'Head office');
		const order = await created(client, { delivery: 'link' });
		await lockByWrongPasswords(server, order.link);
		const path = `/orders/${order.order.id}/unlock`;
		const without = await client.post(path, {});
		expect([without.status, without.body.code, without.body.field]).toEqual([
			400,
			'body_invalid',
			'reason'
		]);
		const unlocked = await client.post(path, { reason: 'applicant called, identity checked' });
		expect(unlocked.status).toBe(200);
		expect(unlocked.body.order).toMatchObject({ status: 'awaiting_pickup', failedAttempts: 0 });
		const entry = unlocked.body.order.history.find(
			(row: { event: string }) => row.event === 'unlocked'
		);
		expect(entry).toMatchObject({
			actor: 'operator',
			fromStatus: 'locked',
			toStatus: 'awaiting_pickup',
			detail: { reason: 'applicant called, identity checked', by: 'Head office', via: 'console' }
		});
		const again = await client.post(path, { reason: 'twice' });
		expect([again.status, again.body.code]).toEqual([409, 'order_state_conflict']);
	});

	it('cancels with a reason and reissues, with the link and a generated password', async () => {
		const { client } = await signedIn(server, 'admin', 'Head office');
		const order = await created(client, { delivery: 'link' });
		const reissued = await client.post(`/orders/${order.order.id}/reissue`, { deadlineDays: 3 });
		expect(reissued.status).toBe(201);
		expect(reissued.body).toEqual({
			order: expect.objectContaining({ reissueOf: order.order.id, status: 'awaiting_pickup' }),
			link: expect.stringContaining('/pickup#o='),
			pickupPassword: expect.any(String)
		});
		expect((await client.get(`/orders/${order.order.id}`)).body.status).toBe('cancelled');
		const badDays = await client.post(`/orders/${order.order.id}/reissue`, { deadlineDays: -1 });
		expect([badDays.status, badDays.body.field]).toEqual([400, 'deadlineDays']);

		const newId = reissued.body.order.id as string;
		const cancelled = await client.post(`/orders/${newId}/cancel`, { reason: 'duplicate order' });
		expect(cancelled.body.order.status).toBe('cancelled');
		expect(
			cancelled.body.order.history.find((row: { event: string }) => row.event === 'cancelled')
				.detail
		).toEqual({ reason: 'duplicate order', by: 'Head office', via: 'console' });
		const twice = await client.post(`/orders/${newId}/cancel`, {});
		expect([twice.status, twice.body.code]).toEqual([409, 'order_state_conflict']);
		const resent = await client.post(`/orders/${newId}/resend`, {});
		expect([resent.status, resent.body.code]).toEqual([409, 'order_state_conflict']);
	});

	it('sees a failed e-mail in the outbox and retries it: a new link in a new e-mail', async () => {
		const { client } = await signedIn(server, 'admin', 'Head office');
		bouncing.add('bounce@example.be');
		const order = await created(client, { email: 'bounce@example.be', delivery: 'email' });
		const closed = await created(client, { email: 'bounce@example.be', delivery: 'email' });
		const failedEmail = async (orderId = order.order.id) => {
			const listed = await client.get('/outbox?status=failed');
			return (listed.body.messages as { id: string; orderId: string; kind: string }[]).find(
				(message) => message.orderId === orderId && message.kind === 'email'
			);
		};
		await vi.waitFor(async () => expect(await failedEmail(closed.order.id)).toBeDefined(), WAIT);
		await client.post(`/orders/${closed.order.id}/cancel`, {});
		// Its e-mail would carry a new link, and a cancelled order gets none.
		const refused = await client.post(`/outbox/${(await failedEmail(closed.order.id))?.id}/retry`);
		expect([refused.status, refused.body.code]).toEqual([409, 'order_state_conflict']);
		await vi.waitFor(async () => expect(await failedEmail()).toBeDefined(), WAIT);
		const failed = await failedEmail();
		expect(failed).toEqual({
			id: expect.any(String),
			kind: 'email',
			orderId: order.order.id,
			topic: 'pickup_link',
			status: 'failed',
			attempts: 1,
			nextAttemptAt: expect.any(String),
			lastResponse: expect.stringMatching(/550/),
			createdAt: expect.any(String)
		});

		bouncing.delete('bounce@example.be');
		const retried = await client.post(`/outbox/${failed?.id}/retry`);
		expect(retried.status).toBe(200);
		expect(retried.body.message).toMatchObject({ kind: 'email', status: 'queued' });
		expect(retried.body.message.id).not.toBe(failed?.id);
		// The refused message is replaced by the new one, so it no longer lists as failed.
		expect(await failedEmail()).toBeUndefined();
		await vi.waitFor(
			async () => expect(await mailsFor(sink.received, order.order.id)).toHaveLength(1),
			WAIT
		);
		const events = await history(client, order.order.id);
		expect(events).toEqual(expect.arrayContaining(['email_failed', 'link_resent', 'email_sent']));

		const sent = await client.post(`/outbox/${retried.body.message.id}/retry`);
		expect([sent.status, sent.body.code]).toEqual([409, 'order_state_conflict']);
		const bad = await client.get('/outbox?status=sent');
		expect([bad.status, bad.body.field]).toEqual([400, 'status']);
	});

	it('retries a failed webhook event as it was', async () => {
		const { client } = await signedIn(server, 'admin');
		receiver.answer(410);
		const order = await created(client, { delivery: 'link' });
		await client.post(`/orders/${order.order.id}/cancel`, {});
		const failedEvent = async () => {
			const listed = await client.get('/outbox?status=failed');
			return (listed.body.messages as { id: string; orderId: string; topic: string }[]).find(
				(message) => message.orderId === order.order.id && message.topic === 'order.cancelled'
			);
		};
		await vi.waitFor(async () => expect(await failedEvent()).toBeDefined(), WAIT);
		const failed = await failedEvent();
		receiver.answer(204);
		const retried = await client.post(`/outbox/${failed?.id}/retry`);
		expect(retried.body.message).toMatchObject({ id: failed?.id, status: 'queued', attempts: 0 });
		await vi.waitFor(
			() =>
				expect(
					receiver.deliveries.filter((delivery) => delivery.headers['webhook-id'] === failed?.id)
				).toHaveLength(2),
			WAIT
		);
		await vi.waitFor(async () => expect(await failedEvent()).toBeUndefined(), WAIT);
		const entry = (await client.get(`/orders/${order.order.id}`)).body.history.find(
			(row: { event: string }) => row.event === 'outbox_retried'
		);
		expect(entry.detail).toMatchObject({ message: failed?.id, kind: 'webhook', via: 'console' });
	});
});
