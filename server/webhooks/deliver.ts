/**
 * One attempt to deliver one event to the CA's webhook endpoint; the outbox decides when to try
 * again. Success is any 2xx (the Standard Webhooks rule). A failure says whether trying again can
 * help: 410 Gone is the receiver saying it wants no more events, so that event is given up at once;
 * every other answer, a redirect (not followed: the configured URL should be fixed instead), a
 * refused connection and a timeout are worth retrying.
 */
import type { WebhookSettings } from '../config.ts';
import { signatureHeaders } from './standard-webhooks.ts';

export type WebhookEventType =
	| 'order.request_received'
	| 'order.issued'
	| 'order.collected'
	| 'order.locked'
	| 'order.expired'
	| 'order.cancelled'
	| 'email.failed';

export interface WebhookEvent {
	/** The idempotency key a receiver deduplicates by: the same for every attempt. */
	id: string;
	type: WebhookEventType;
	/** When the event happened; each attempt is signed with its own time. */
	timestamp: Date;
	data: Record<string, unknown>;
}

export class WebhookDeliveryError extends Error {
	/** True when retrying cannot help (410 Gone). */
	readonly permanent: boolean;
	/** What the endpoint answered, for the operator: `HTTP 503 {start of body}`, or the network error. */
	readonly response: string;

	constructor(response: string, permanent: boolean, options?: ErrorOptions) {
		super(`webhook not delivered: ${response}`, options);
		this.name = 'WebhookDeliveryError';
		this.permanent = permanent;
		this.response = response;
	}
}

const USER_AGENT = 'cert-pickup-server (Standard Webhooks)';
const RESPONSE_CHARS = 200;

/** The Standard Webhooks payload structure: type, ISO time of the event, data. */
export function webhookBody(event: WebhookEvent): string {
	return JSON.stringify({
		type: event.type,
		timestamp: event.timestamp.toISOString(),
		data: event.data
	});
}

export async function deliverWebhook(
	settings: WebhookSettings,
	event: WebhookEvent
): Promise<{ status: number }> {
	const body = webhookBody(event);
	const signal = AbortSignal.timeout(settings.timeoutMs);
	let response: Response;
	try {
		response = await fetch(settings.url, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'user-agent': USER_AGENT,
				...signatureHeaders(settings.secret, event.id, new Date(), body)
			},
			body,
			redirect: 'manual',
			signal
		});
	} catch (error) {
		throw new WebhookDeliveryError(networkFailure(error, settings.timeoutMs), false, {
			cause: error
		});
	}
	if (response.status >= 200 && response.status < 300) {
		// The status is the acknowledgement; the body, if any, is of no use.
		await response.body?.cancel().catch(() => undefined);
		return { status: response.status };
	}
	const answer = await beginningOf(response);
	throw new WebhookDeliveryError(
		`HTTP ${response.status} ${answer}`.trim(),
		response.status === 410
	);
}

/** The first characters of an error answer, on one line; reading stops there, whatever its size. */
async function beginningOf(response: Response): Promise<string> {
	if (!response.body) return '';
	const reader = response.body.getReader();
	const decoder = new TextDecoder();
	let text = '';
	try {
		while (text.length < RESPONSE_CHARS) {
			const { done, value } = await reader.read();
			if (done) break;
			text += decoder.decode(value, { stream: true });
		}
	} catch {
		// A body cut off by the timeout or the connection: what arrived is enough.
	} finally {
		await reader.cancel().catch(() => undefined);
	}
	return text
		.replace(/[\s\p{Cc}]+/gu, ' ')
		.trim()
		.slice(0, RESPONSE_CHARS);
}

/** Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, ...) is its cause. */
function networkFailure(error: unknown, timeoutMs: number): string {
	if (error instanceof Error && error.name === 'TimeoutError')
		return `no answer within ${timeoutMs} ms`;
	const cause = error instanceof Error ? error.cause : undefined;
	if (cause instanceof Error) {
		const code = (cause as NodeJS.ErrnoException).code;
		return cause.message || code || cause.name;
	}
	return error instanceof Error ? error.message : String(error);
}
