/**
 * The pickup e-mail leaves through the outbox of the real server: an SMTP outage delays it and loses
 * nothing, it is sent exactly once when the SMTP server is back, and a recipient the SMTP server
 * refuses fails it with the server's answer and tells the CA's order system (email.failed).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../../server/free-port.ts';
import { orderDetails } from '../../../server/orders/operator-view.ts';
import { resendOrder } from '../../../server/orders/operator.ts';
import { loadConfig } from '../../../server/config.ts';
import { linkParts, newOrder, startServer, withStore, Api, type TestServer } from '../harness.ts';
import { smtpReply, smtpUrl, startSmtpSink, type SmtpSink } from '../mail/smtp-sink.ts';
import { startReceiver, type Receiver } from '../webhooks/receiver.ts';
import { emailOf, FAST_OUTBOX, mailsFor, verified, WEBHOOK_SECRET } from './outbox-support.ts';

const WAIT = { timeout: 60_000, interval: 100 };

let server: TestServer | undefined;
let sink: SmtpSink | undefined;
let receiver: Receiver | undefined;

afterEach(async () => {
	await server?.dispose();
	await sink?.close();
	await receiver?.close();
	server = sink = receiver = undefined;
});

describe('the pickup e-mail', () => {
	it('waits out an SMTP outage, then is sent exactly once', async () => {
		const port = await freePort();
		server = await startServer({ SMTP_URL: smtpUrl(port), ...FAST_OUTBOX });
		const first = await newOrder(server, { delivery: 'email', locale: 'nl' });
		const running = server;
		await vi.waitFor(async () => {
			const email = await emailOf(running, first.order.id);
			expect(email.status).toBe('queued');
			expect(email.attempts).toBeGreaterThanOrEqual(2);
			expect(email.lastResponse).toMatch(/ECONNREFUSED/);
		}, WAIT);

		sink = await startSmtpSink({}, port);
		await vi.waitFor(
			async () => expect((await emailOf(running, first.order.id)).status).toBe('sent'),
			WAIT
		);
		// A second e-mail, queued after the first was sent, is a barrier: once it has arrived the
		// outbox has gone round again and would have sent the first twice if it were going to.
		const second = await newOrder(server, { delivery: 'email' });
		await vi.waitFor(
			async () => expect((await emailOf(running, second.order.id)).status).toBe('sent'),
			WAIT
		);
		const [mail, ...again] = await mailsFor(sink.received, first.order.id);
		expect(again).toHaveLength(0);
		expect(mail?.subject).toBe('Haal uw certificaat op: Jan Peeters');
		expect(mail?.text).toContain(first.link);
		expect(await mailsFor(sink.received, second.order.id)).toHaveLength(1);

		const details = await withStore(running, async (store) => {
			const order = await store.findOrder(first.order.id);
			if (!order) throw new Error('order gone');
			return orderDetails(store, order);
		});
		expect(details.emailDelivery).toMatchObject({ status: 'sent' });
		expect(details.emailDelivery?.lastResponse).toMatch(/^250 /);
		expect(details.history.map((entry) => entry.event)).toContain('email_sent');
		// The link is in the outbox only until the e-mail is sent.
		expect((await emailOf(running, first.order.id)).payload).toBeNull();
	});

	it('refused by the SMTP server, fails with its answer and tells the webhook', async () => {
		sink = await startSmtpSink({
			onRcptTo(address, _session, callback) {
				callback(smtpReply(550, `5.1.1 <${address.address}>: Recipient address rejected`));
			}
		});
		receiver = await startReceiver();
		server = await startServer({
			SMTP_URL: sink.url(),
			WEBHOOK_URL: receiver.url,
			WEBHOOK_SECRET,
			...FAST_OUTBOX
		});
		const created = await newOrder(server, { delivery: 'email' });
		const running = server;
		await vi.waitFor(
			async () => expect((await emailOf(running, created.order.id)).status).toBe('failed'),
			WAIT
		);
		const email = await emailOf(running, created.order.id);
		// Permanent: one attempt, no retries.
		expect(email.attempts).toBe(1);
		expect(email.lastResponse).toMatch(/550.*Recipient address rejected/);
		expect(email.payload).toBeNull();

		const hooks = receiver;
		await vi.waitFor(() => expect(hooks.deliveries.length).toBeGreaterThan(0), WAIT);
		const [event] = verified(hooks.deliveries);
		expect(event).toMatchObject({
			type: 'email.failed',
			data: { orderId: created.order.id, emailId: email.id }
		});
		expect(String(event?.data.response)).toMatch(/550/);
	});

	it('resent, goes out again with a new link; the old link no longer opens the order', async () => {
		sink = await startSmtpSink();
		server = await startServer({ SMTP_URL: sink.url(), ...FAST_OUTBOX });
		const created = await newOrder(server, { delivery: 'email' });
		const running = server;
		await vi.waitFor(
			async () => expect((await emailOf(running, created.order.id)).status).toBe('sent'),
			WAIT
		);
		const resent = await withStore(server, (store) =>
			resendOrder({ store, config: loadConfig(running.env) }, created.order.id)
		);
		const mails = sink;
		await vi.waitFor(
			async () => expect(await mailsFor(mails.received, created.order.id)).toHaveLength(2),
			WAIT
		);
		const [, latest] = await mailsFor(mails.received, created.order.id);
		expect(latest?.text).toContain(resent.link);
		expect(latest?.text).not.toContain(created.link);

		const api = new Api(server, created.order.id);
		expect((await api.summary(created.linkSecret)).status).toBe(401);
		expect((await api.summary(linkParts(resent.link).linkSecret)).status).toBe(200);
	});
});
