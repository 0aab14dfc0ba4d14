/**
 * Delivers what the outbox holds: pickup e-mails through the mailer, events to the CA's webhook.
 * Every server instance runs one. A message is claimed in a transaction (PostgreSQL skips rows
 * another instance is claiming) for a lease longer than any delivery takes, so two instances never
 * send it at once; only an instance that dies between sending and recording it leaves it to be
 * sent again when the lease ends, which is the at-least-once that Standard Webhooks receivers
 * de-duplicate by webhook-id. A failure is retried with exponential backoff until it is permanent
 * or the attempts run out; then the message is failed with the last answer, and `email.failed`
 * tells the CA's order system.
 */
import type { Config } from '../config.ts';
import { MailDeliveryError, type Mailer } from '../mail/mailer.ts';
import { composePickupMail } from '../mail/pickup-mail.ts';
import { randomSecret } from '../secrets.ts';
import type { OrderStore, OrderTx, OutboxMessage } from '../store/types.ts';
import {
	deliverWebhook,
	WebhookDeliveryError,
	type WebhookEventType
} from '../webhooks/deliver.ts';
import type { PickupMailPayload } from './pickup-mail-message.ts';

/** Longer than the mailer's and the webhook's timeouts together. */
const CLAIM_LEASE_MS = 120_000;
const BATCH = 10;
/** Backoff stops growing here, so a long outage is retried at least this often. */
const MAX_RETRY_DELAY_MS = 3_600_000;

export interface OutboxDeps {
	store: OrderStore;
	config: Config;
	mailer: Mailer;
	now: () => Date;
}

export interface DeliveryReport {
	id: string;
	kind: OutboxMessage['kind'];
	orderId: string | null;
	status: 'sent' | 'queued' | 'failed';
	/** The SMTP server's or receiver's answer, or why it was not reached. */
	response: string;
	/** Where the e-mail was written, without SMTP_URL. */
	file?: string;
}

interface Outcome {
	delivered: boolean;
	permanent: boolean;
	response: string;
	file?: string;
}

/** Claims and delivers every message that is due now; returns what happened to each. */
export async function deliverDue(deps: OutboxDeps): Promise<DeliveryReport[]> {
	const deliveries: DeliveryReport[] = [];
	for (;;) {
		const now = deps.now();
		const token = randomSecret(16);
		const claimed = await deps.store.transaction(null, (tx) =>
			tx.claimDue(now, new Date(now.getTime() + CLAIM_LEASE_MS), token, BATCH)
		);
		if (claimed.length === 0) return deliveries;
		for (const message of claimed) deliveries.push(await deliverOne(deps, message, token));
	}
}

async function deliverOne(
	deps: OutboxDeps,
	message: OutboxMessage,
	token: string
): Promise<DeliveryReport> {
	const outcome = await attempt(deps, message);
	const now = deps.now();
	const lastAttempt = outcome.permanent || message.attempts >= deps.config.outbox.maxAttempts;
	const status = outcome.delivered ? 'sent' : lastAttempt ? 'failed' : 'queued';
	await deps.store.transaction(message.orderId, async (tx) => {
		const settled = await tx.settleOutbox(
			message.id,
			token,
			status === 'sent'
				? { status, at: now, detail: outcome.response }
				: status === 'failed'
					? { status, at: now, error: outcome.response }
					: {
							status,
							nextAttemptAt: new Date(now.getTime() + retryDelay(deps.config, message.attempts)),
							error: outcome.response
						}
		);
		if (settled && message.kind === 'email' && status !== 'queued')
			await recordMail(deps, tx, message, status, outcome.response, now);
	});
	return {
		id: message.id,
		kind: message.kind,
		orderId: message.orderId,
		status,
		response: outcome.response,
		...(outcome.file ? { file: outcome.file } : {})
	};
}

async function attempt(deps: OutboxDeps, message: OutboxMessage): Promise<Outcome> {
	if (message.payload === null)
		return { delivered: false, permanent: true, response: 'the message has no content' };
	try {
		if (message.kind === 'email') {
			const payload = JSON.parse(message.payload) as PickupMailPayload;
			const sent = await deps.mailer.send(await composePickupMail({ ...payload, now: deps.now() }));
			return { delivered: true, permanent: false, response: sent.response, file: sent.file };
		}
		if (!deps.config.webhook)
			return { delivered: false, permanent: true, response: 'WEBHOOK_URL is no longer set' };
		const answer = await deliverWebhook(deps.config.webhook, {
			id: message.id,
			type: message.topic as WebhookEventType,
			timestamp: new Date(message.createdAt),
			data: JSON.parse(message.payload) as Record<string, unknown>
		});
		return { delivered: true, permanent: false, response: `HTTP ${answer.status}` };
	} catch (error) {
		if (error instanceof MailDeliveryError || error instanceof WebhookDeliveryError)
			return { delivered: false, permanent: error.permanent, response: error.response };
		// A message that cannot even be written (a deadline already past, a payload that does not
		// parse) fails the same way every time: retrying it would only hold up the others.
		return { delivered: false, permanent: true, response: `not sent: ${String(error)}` };
	}
}

/** The e-mail's outcome in the order's history, and a failure announced to the CA. */
async function recordMail(
	deps: OutboxDeps,
	tx: OrderTx,
	message: OutboxMessage,
	status: 'sent' | 'failed',
	response: string,
	now: Date
): Promise<void> {
	await tx.audit(
		{
			orderId: message.orderId,
			actor: 'system',
			event: status === 'sent' ? 'email_sent' : 'email_failed',
			detail: { message: message.id, response: response.slice(0, 500) }
		},
		now
	);
	if (status === 'failed' && deps.config.webhook)
		await tx.enqueue(
			{
				id: `msg_${randomSecret(16)}`,
				kind: 'webhook',
				orderId: message.orderId,
				topic: 'email.failed',
				payload: JSON.stringify({
					orderId: message.orderId,
					emailId: message.id,
					attempts: message.attempts,
					response
				})
			},
			now
		);
}

/** 1, 2, 4, 8... times the base after the 1st, 2nd, 3rd... failed attempt. */
export function retryDelay(config: Config, attempts: number): number {
	return Math.min(MAX_RETRY_DELAY_MS, config.outbox.retryBaseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Runs `deliverDue` every poll interval and whenever `kick` says something was queued, one run at
 * a time; a failing run (the store unreachable) is logged and the next interval tries again.
 */
export function startOutbox(
	deps: OutboxDeps,
	onError: (error: unknown) => void
): { kick: () => void; stop: () => Promise<void> } {
	let running: Promise<void> | undefined;
	let again = false;
	let stopped = false;
	const run = (): void => {
		if (stopped) return;
		if (running) {
			again = true;
			return;
		}
		running = deliverDue(deps)
			.then(
				() => undefined,
				(error: unknown) => onError(error)
			)
			.finally(() => {
				running = undefined;
				if (again) {
					again = false;
					run();
				}
			});
	};
	const timer = setInterval(run, deps.config.outbox.pollMs);
	timer.unref();
	run();
	return {
		kick: run,
		stop: async () => {
			stopped = true;
			clearInterval(timer);
			await running;
		}
	};
}
