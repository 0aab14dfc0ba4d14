/**
 * What the outbox tests share: reading a server's outbox, parsing what an SMTP sink received, and
 * checking webhook deliveries with the standardwebhooks package's own verifier.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { OutboxMessage } from '../../../server/store/types.ts';
import { withStore, type TestServer } from '../harness.ts';
import type { ReceivedMail } from '../mail/smtp-sink.ts';
import type { Delivery } from '../webhooks/receiver.ts';

export const WEBHOOK_SECRET = `whsec_${randomBytes(32).toString('base64')}`;

/** Fast enough for a test to see a retry, slow enough not to spin. */
export const FAST_OUTBOX = { OUTBOX_POLL_MS: '100', OUTBOX_RETRY_BASE_MS: '100' };

export function outboxOf(server: TestServer, orderId: string): Promise<OutboxMessage[]> {
	return withStore(server, (store) => store.outboxOf(orderId));
}

export async function emailOf(server: TestServer, orderId: string): Promise<OutboxMessage> {
	const email = (await outboxOf(server, orderId)).filter((message) => message.kind === 'email');
	const last = email.at(-1);
	if (!last) throw new Error(`order ${orderId} has no e-mail`);
	return last;
}

export function parsed(mail: ReceivedMail): Promise<ParsedMail> {
	return simpleParser(mail.raw);
}

/** The received e-mails whose link opens this order. */
export async function mailsFor(received: ReceivedMail[], orderId: string): Promise<ParsedMail[]> {
	const all = await Promise.all(received.map(parsed));
	return all.filter((mail) => (mail.text ?? '').includes(`#o=${orderId}&`));
}

export interface VerifiedEvent {
	id: string;
	type: string;
	data: Record<string, unknown>;
}

/** Each delivery verified as Standard Webhooks receivers verify them; throws on a bad one. */
export function verified(deliveries: Delivery[]): VerifiedEvent[] {
	const verifier = new Webhook(WEBHOOK_SECRET.slice('whsec_'.length));
	return deliveries.map((delivery) => {
		const headers = Object.fromEntries(
			Object.entries(delivery.headers).map(([name, value]) => [name, String(value)])
		);
		const payload = verifier.verify(delivery.body, headers) as {
			type: string;
			data: Record<string, unknown>;
		};
		return { id: headers['webhook-id'] ?? '', type: payload.type, data: payload.data };
	});
}
