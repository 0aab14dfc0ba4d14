/**
 * The outbox's decisions, on a real SQLite store with a mailer the test controls and a clock it
 * moves: the backoff schedule, giving up after the last attempt, and a message that cannot be
 * written failing alone without holding up the others.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../../server/config.ts';
import { MailDeliveryError, type Mailer } from '../../../server/mail/mailer.ts';
import { createOrder } from '../../../server/orders/operator.ts';
import { deliverDue, retryDelay } from '../../../server/outbox/dispatcher.ts';
import { openSqliteStore } from '../../../server/store/sqlite.ts';
import type { OrderStore } from '../../../server/store/types.ts';
import { PERSON, PICKUP_PASSWORD } from '../harness.ts';

let dataDir: string;
let store: OrderStore;
let config: Config;
let clock: Date;
const sent: string[] = [];
let failing: MailDeliveryError | undefined;

const mailer: Mailer = {
	async send(message) {
		if (failing) throw failing;
		sent.push(String(message.to));
		return { messageId: `<${sent.length}@test>`, response: '250 ok' };
	},
	close: () => undefined
};

const deps = () => ({ store, config, mailer, now: () => clock });

beforeEach(() => {
	dataDir = mkdtempSync(join(tmpdir(), 'pickup-outbox-'));
	store = openSqliteStore(dataDir, { webhookEvents: false });
	config = loadConfig({
		DATA_DIR: dataDir,
		OUTBOX_RETRY_BASE_MS: '1000',
		OUTBOX_MAX_ATTEMPTS: '4',
		SCRYPT_LOG2_N: '10'
	});
	clock = new Date('2026-12-01T10:00:00.000Z');
	sent.length = 0;
	failing = undefined;
});

afterEach(async () => {
	await store.close();
	rmSync(dataDir, { recursive: true, force: true });
});

async function emailOrder(to: string, createdAt = clock) {
	const created = await createOrder(
		{ store, config, now: createdAt },
		{
			subject: PERSON.map((attribute) =>
				attribute.type === 'emailAddress' ? { ...attribute, value: to } : attribute
			),
			subjectAltNames: [{ type: 'email', value: to }],
			pickupPassword: PICKUP_PASSWORD,
			delivery: 'email'
		}
	);
	return created.order.id;
}

async function email(orderId: string) {
	const [message] = await store.outboxOf(orderId);
	if (!message) throw new Error('no e-mail queued');
	return message;
}

describe('the outbox', () => {
	it('retries a temporary failure with doubling delays, then gives up with the last answer', async () => {
		const id = await emailOrder('jan@example.be');
		failing = new MailDeliveryError(false, '451 4.7.1 greylisted');
		const delays: number[] = [];
		for (let attempt = 1; attempt <= 4; attempt++) {
			const [delivery] = await deliverDue(deps());
			expect(delivery?.status).toBe(attempt < 4 ? 'queued' : 'failed');
			const message = await email(id);
			expect(message.attempts).toBe(attempt);
			expect(message.lastResponse).toBe('451 4.7.1 greylisted');
			if (attempt < 4) {
				delays.push(Date.parse(message.nextAttemptAt) - clock.getTime());
				// Not due before its time.
				expect(await deliverDue(deps())).toEqual([]);
				clock = new Date(message.nextAttemptAt);
			}
		}
		expect(delays).toEqual([1000, 2000, 4000]);
		expect((await email(id)).status).toBe('failed');
		expect((await email(id)).payload).toBeNull();
		expect(sent).toEqual([]);
	});

	it('sends a message again after a temporary failure, once', async () => {
		const id = await emailOrder('jan@example.be');
		failing = new MailDeliveryError(false, 'connect ECONNREFUSED');
		await deliverDue(deps());
		failing = undefined;
		clock = new Date((await email(id)).nextAttemptAt);
		expect((await deliverDue(deps())).map((delivery) => delivery.status)).toEqual(['sent']);
		expect(await deliverDue(deps())).toEqual([]);
		expect(sent).toEqual(['jan@example.be']);
		expect(await email(id)).toMatchObject({ status: 'sent', attempts: 2, lastResponse: '250 ok' });
	});

	it('fails a message that cannot be written at once, and still sends the others', async () => {
		// Queued so long ago that its pickup deadline has passed: it cannot say how many days are left.
		const late = await emailOrder('late@example.be', new Date(clock.getTime() - 31 * 86_400_000));
		const fine = await emailOrder('fine@example.be');
		const deliveries = await deliverDue(deps());
		expect(deliveries.map(({ orderId, status }) => ({ orderId, status }))).toEqual([
			{ orderId: late, status: 'failed' },
			{ orderId: fine, status: 'sent' }
		]);
		expect((await email(late)).lastResponse).toMatch(/^not sent: RangeError/);
		expect((await email(late)).attempts).toBe(1);
		expect(sent).toEqual(['fine@example.be']);
	});

	it('stops doubling the delay at an hour', () => {
		expect(retryDelay(config, 1)).toBe(1000);
		expect(retryDelay(config, 30)).toBe(3_600_000);
	});
});
