import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookSettings } from '../../../server/config.ts';
import { freePort } from '../../../server/free-port.ts';
import {
	deliverWebhook,
	WebhookDeliveryError,
	webhookBody,
	type WebhookEvent
} from '../../../server/webhooks/deliver.ts';
import { signatureHeaders } from '../../../server/webhooks/standard-webhooks.ts';
import { startReceiver, type Receiver } from './receiver.ts';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const OTHER_SECRET = `whsec_${randomBytes(32).toString('base64')}`;

const EVENT: WebhookEvent = {
	id: 'evt_01J9ZQ4TS7E2XK',
	type: 'order.issued',
	timestamp: new Date('2026-03-01T10:15:30.250Z'),
	data: { orderId: 'ord_123', serial: '4f2a', note: 'ünïcode ✓' }
};

let receiver: Receiver;
let settings: WebhookSettings;

beforeAll(async () => {
	receiver = await startReceiver();
	settings = { url: receiver.url, secret: SECRET, timeoutMs: 5000 };
});
afterAll(() => receiver.close());
beforeEach(() => {
	receiver.deliveries.length = 0;
	receiver.answer(204);
});

/** The delivery's headers as the standardwebhooks library reads them. */
function webhookHeaders(index = 0): Record<string, string> {
	const headers = receiver.deliveries[index]?.headers ?? {};
	return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)]));
}

async function failure(attempt: Promise<unknown>): Promise<WebhookDeliveryError> {
	const error = await attempt.then(
		() => undefined,
		(thrown: unknown) => thrown
	);
	expect(error).toBeInstanceOf(WebhookDeliveryError);
	return error as WebhookDeliveryError;
}

describe('deliverWebhook', () => {
	it('posts the event as JSON, signed so that the Standard Webhooks library verifies it', async () => {
		expect(await deliverWebhook(settings, EVENT)).toEqual({ status: 204 });
		const [delivery] = receiver.deliveries;
		expect(delivery?.headers['content-type']).toBe('application/json');
		expect(delivery?.headers['user-agent']).toContain('cert-pickup-server');
		expect(delivery?.headers['webhook-id']).toBe(EVENT.id);
		expect(delivery?.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
		const verified = new Webhook(SECRET).verify(delivery?.body ?? '', webhookHeaders());
		expect(verified).toEqual({
			type: 'order.issued',
			timestamp: '2026-03-01T10:15:30.250Z',
			data: { orderId: 'ord_123', serial: '4f2a', note: 'ünïcode ✓' }
		});
		expect(delivery?.body).toBe(webhookBody(EVENT));
	});

	it('signs with the time of the attempt, which the receiver checks against its clock', async () => {
		await deliverWebhook(settings, EVENT);
		const seconds = Number(receiver.deliveries[0]?.headers['webhook-timestamp']);
		// The event happened long ago; a retry signed with that time would be refused as a replay.
		expect(seconds).toBeGreaterThan(EVENT.timestamp.getTime() / 1000 + 3600);
		expect(Math.abs(seconds - Date.now() / 1000)).toBeLessThan(300);
	});

	it('fails verification of a tampered body, another secret or another id', async () => {
		await deliverWebhook(settings, EVENT);
		const body = receiver.deliveries[0]?.body ?? '';
		const headers = webhookHeaders();
		expect(() => new Webhook(SECRET).verify(body.replace('ord_123', 'ord_124'), headers)).toThrow(
			/signature/i
		);
		expect(() => new Webhook(OTHER_SECRET).verify(body, headers)).toThrow(/signature/i);
		expect(() =>
			new Webhook(SECRET).verify(body, { ...headers, 'webhook-id': 'evt_other' })
		).toThrow(/signature/i);
	});

	it('counts every 2xx as delivered', async () => {
		receiver.answer(200, 'thanks');
		expect(await deliverWebhook(settings, EVENT)).toEqual({ status: 200 });
		receiver.answer(202);
		expect(await deliverWebhook(settings, EVENT)).toEqual({ status: 202 });
	});

	it('reports a 5xx as worth retrying, with the start of its body on one line', async () => {
		receiver.answer(503, `down for\nmaintenance ${'x'.repeat(500)}`);
		const error = await failure(deliverWebhook(settings, EVENT));
		expect(error.permanent).toBe(false);
		expect(error.response).toBe(`HTTP 503 down for maintenance ${'x'.repeat(179)}`);
		expect(error.response).toHaveLength('HTTP 503 '.length + 200);
	});

	it('reports a 4xx other than 410, and a redirect, as worth retrying', async () => {
		receiver.answer(404);
		expect(await failure(deliverWebhook(settings, EVENT))).toMatchObject({
			permanent: false,
			response: 'HTTP 404'
		});
		receiver.answer(308, 'moved');
		expect(await failure(deliverWebhook(settings, EVENT))).toMatchObject({
			permanent: false,
			response: 'HTTP 308 moved'
		});
	});

	it('gives an event up at once on 410 Gone', async () => {
		receiver.answer(410, 'endpoint retired');
		expect(await failure(deliverWebhook(settings, EVENT))).toMatchObject({
			permanent: true,
			response: 'HTTP 410 endpoint retired'
		});
	});

	it('reports a refused connection as worth retrying', async () => {
		const port = await freePort();
		const error = await failure(
			deliverWebhook({ ...settings, url: `http://127.0.0.1:${port}/hooks` }, EVENT)
		);
		expect(error.permanent).toBe(false);
		expect(error.response).toBe(`connect ECONNREFUSED 127.0.0.1:${port}`);
	});

	it('reports an endpoint that does not answer within the timeout as worth retrying', async () => {
		receiver.answer('silence');
		const error = await failure(deliverWebhook({ ...settings, timeoutMs: 200 }, EVENT));
		expect(error.permanent).toBe(false);
		expect(error.response).toBe('no answer within 200 ms');
		expect(receiver.deliveries).toHaveLength(1);
	});
});

describe('signatureHeaders', () => {
	it('computes the specification example', () => {
		// The Standard Webhooks reference libraries' test vector.
		const headers = signatureHeaders(
			'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
			'msg_p5jXN8AQM9LWM0D4loKWxJek',
			new Date(1614265330 * 1000),
			'{"test": 2432232314}'
		);
		expect(headers).toEqual({
			'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
			'webhook-timestamp': '1614265330',
			'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
		});
	});

	it('refuses a secret without whsec_ and an id with a full stop', () => {
		expect(() =>
			signatureHeaders('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'evt_1', new Date(), '{}')
		).toThrow(/whsec_/);
		expect(() => signatureHeaders(SECRET, 'evt.1', new Date(), '{}')).toThrow(/full stops/);
		expect(() => signatureHeaders(SECRET, '', new Date(), '{}')).toThrow(/full stops/);
	});
});
