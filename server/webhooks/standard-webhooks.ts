/**
 * Signing as the Standard Webhooks specification (https://www.standardwebhooks.com) writes it, so a
 * receiver can check our events with any of its libraries: an HMAC-SHA256 over
 * `{id}.{timestamp}.{body}` under the secret's key, sent as `v1,{base64}` with the id and the time.
 */
import { createHmac } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';
// The signed content joins id, timestamp and body with full stops: an id with one could make two
// different messages sign the same.
const MESSAGE_ID = /^[^.\s]{1,256}$/;

export function signatureHeaders(
	secret: string,
	id: string,
	timestamp: Date,
	body: string
): Record<string, string> {
	if (!secret.startsWith(SECRET_PREFIX))
		throw new Error(`a Standard Webhooks secret starts with ${SECRET_PREFIX}`);
	if (!MESSAGE_ID.test(id))
		throw new Error(`a webhook id has 1 to 256 characters without full stops or spaces: ${id}`);
	const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
	const seconds = String(Math.floor(timestamp.getTime() / 1000));
	const signature = createHmac('sha256', key).update(`${id}.${seconds}.${body}`).digest('base64');
	return {
		'webhook-id': id,
		'webhook-timestamp': seconds,
		'webhook-signature': `v1,${signature}`
	};
}
