/**
 * The operator API's orders: creating them (and refusing what cannot be created, naming the field),
 * listing, showing with their history, and cancelling, unlocking, reissuing and resending them.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Api, linkParts, send, useServer, withStore } from '../harness.ts';
import {
	lockByWrongPasswords,
	Operator,
	OPERATOR,
	DEFAULT_ORDER,
	operatorKey,
	type OperatorKey
} from './operator-client.ts';

const DAY_MS = 86_400_000;
const GENERATED_PASSWORD = /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/;
const CHOSEN_PASSWORD = 'chosen-by-the-applicant';

// E-mails stay queued, so a test sees which one a resend supersedes.
const server = useServer({ OUTBOX_POLL_MS: '3600000' });
let key: OperatorKey;
let operator: Operator;

beforeAll(async () => {
	key = await operatorKey(server, 'write', 'CA order system');
	operator = new Operator(server, key.key);
});

function show(orderId: string) {
	return operator.get(`/orders/${orderId}`);
}

describe('POST /api/v1/operator/orders', () => {
	it('with delivery link answers the link once, and the link opens the order', async () => {
		const created = await operator.post('/orders', { ...DEFAULT_ORDER, delivery: 'link' });
		expect(created.status).toBe(201);
		expect(created.body.order).toMatchObject({
			status: 'awaiting_pickup',
			productId: 'personal-sign-pro',
			commonName: 'Jan Peeters',
			email: 'jan@example.be',
			delivery: 'link',
			emailDelivery: null
		});
		const { orderId, linkSecret } = linkParts(created.body.link);
		expect(new URL(created.body.link).pathname).toBe('/pickup');
		expect(linkSecret).toMatch(/^[A-Za-z0-9_-]{32}$/);
		expect(orderId).toBe(created.body.order.id);
		const summary = await new Api(server, orderId).summary(linkSecret);
		expect(summary.status).toBe(200);
		expect(summary.body.subject).toEqual([
			{ type: 'C', value: 'BE' },
			{ type: 'O', value: 'Example BV' },
			{ type: 'CN', value: 'Jan Peeters' },
			{ type: 'emailAddress', value: 'jan@example.be' }
		]);
		const shown = await show(orderId);
		expect(JSON.stringify(shown.body)).not.toContain(linkSecret);
		expect(shown.body.order.link).toBeUndefined();
	});

	it('with delivery email (the default) queues the pickup e-mail and answers no link', async () => {
		const created = await operator.create();
		expect(created.link).toBeUndefined();
		expect(created.order.delivery).toBe('email');
		expect(created.order.emailDelivery).toMatchObject({ status: 'queued', attempts: 0 });
	});

	it('answers a generated pickup password, which opens the order', async () => {
		const created = await operator.create({ delivery: 'link' });
		expect(created.pickupPassword).toMatch(GENERATED_PASSWORD);
		const { orderId, linkSecret } = linkParts(created.link ?? '');
		expect(
			(await new Api(server, orderId).session(linkSecret, created.pickupPassword)).status
		).toBe(200);
	});

	it('never echoes a chosen pickup password, which opens the order', async () => {
		const created = await operator.post('/orders', {
			...DEFAULT_ORDER,
			delivery: 'link',
			pickupPassword: CHOSEN_PASSWORD
		});
		expect(created.status).toBe(201);
		expect(created.body.pickupPassword).toBeUndefined();
		expect(JSON.stringify(created.body)).not.toContain(CHOSEN_PASSWORD);
		const { orderId, linkSecret } = linkParts(created.body.link);
		expect((await new Api(server, orderId).session(linkSecret, CHOSEN_PASSWORD)).status).toBe(200);
	});

	it('takes every order:create field', async () => {
		const created = await operator.create({
			productId: 'org-tls-server',
			commonName: 'portal.example.nl',
			email: 'it@example.nl',
			organization: 'Example BV',
			organizationalUnit: 'IT',
			organizationIdentifier: 'NTRNL-12345678',
			country: 'NL',
			state: 'Noord-Holland',
			locality: 'Amsterdam',
			serialNumber: 'S-1',
			subjectAltNames: [
				{ type: 'dns', value: 'portal.example.nl' },
				{ type: 'dns', value: 'www.example.nl' }
			],
			keyAllowed: ['RSA-3072', 'P-384'],
			keyRecommended: 'P-384',
			passwordPolicyId: 'letters-digits-12',
			agreementVersion: 'subscriber-2026-01',
			validityMonths: 12,
			deadlineDays: 10,
			contact: 'the Example CA desk',
			issuanceDelaySeconds: 60,
			locale: 'nl',
			delivery: 'email'
		});
		const order = created.order;
		expect(order).toMatchObject({
			productId: 'org-tls-server',
			email: 'it@example.nl',
			subject: [
				{ type: 'C', value: 'NL' },
				{ type: 'ST', value: 'Noord-Holland' },
				{ type: 'L', value: 'Amsterdam' },
				{ type: 'O', value: 'Example BV' },
				{ type: 'OU', value: 'IT' },
				{ type: 'organizationIdentifier', value: 'NTRNL-12345678' },
				{ type: 'serialNumber', value: 'S-1' },
				{ type: 'CN', value: 'portal.example.nl' }
			],
			keyPolicy: { allowed: ['RSA-3072', 'P-384'], recommended: 'P-384' },
			passwordPolicyId: 'letters-digits-12',
			agreementVersion: 'subscriber-2026-01',
			validityMonths: 12,
			contact: 'the Example CA desk',
			issuanceDelaySeconds: 60,
			locale: 'nl',
			delivery: 'email'
		});
		expect(Date.parse(String(order.pickupDeadline)) - Date.parse(String(order.createdAt))).toBe(
			10 * DAY_MS
		);
	});

	// Field by field: the shape of each is checked before anything is looked up.
	it.each([
		[{ ...DEFAULT_ORDER, commonName: undefined }, 'commonName'],
		[{ ...DEFAULT_ORDER, commonName: 42 }, 'commonName'],
		[{ ...DEFAULT_ORDER, commonName: ' ' }, 'commonName'],
		[{ ...DEFAULT_ORDER, organization: 'O'.repeat(257) }, 'organization'],
		[{ ...DEFAULT_ORDER, surname: 'Peeters' }, 'surname'],
		[{ ...DEFAULT_ORDER, subjectAltNames: 'jan@example.be' }, 'subjectAltNames'],
		[{ ...DEFAULT_ORDER, subjectAltNames: [] }, 'subjectAltNames'],
		[{ ...DEFAULT_ORDER, subjectAltNames: [{ type: 'ip', value: '10.0.0.1' }] }, 'subjectAltNames'],
		[{ ...DEFAULT_ORDER, keyAllowed: ['RSA-1024'] }, 'keyAllowed'],
		[{ ...DEFAULT_ORDER, keyAllowed: 'P-256' }, 'keyAllowed'],
		[{ ...DEFAULT_ORDER, keyRecommended: 'Ed25519' }, 'keyRecommended'],
		[{ ...DEFAULT_ORDER, validityMonths: 1.5 }, 'validityMonths'],
		[{ ...DEFAULT_ORDER, validityMonths: '12' }, 'validityMonths'],
		[{ ...DEFAULT_ORDER, deadlineDays: -1 }, 'deadlineDays'],
		[{ ...DEFAULT_ORDER, issuanceDelaySeconds: true }, 'issuanceDelaySeconds'],
		[{ ...DEFAULT_ORDER, pickupPassword: 12345678 }, 'pickupPassword'],
		[{ ...DEFAULT_ORDER, locale: 'es' }, 'locale'],
		[{ ...DEFAULT_ORDER, delivery: 'fax' }, 'delivery']
	])('refuses %j with 400 body_invalid naming %s', async (body, field) => {
		const answer = await operator.post('/orders', body);
		expect([answer.status, answer.body.code, answer.body.field]).toEqual([
			400,
			'body_invalid',
			field
		]);
	});

	// The fields are well-formed, but the order breaks a rule: of its product, or of pickups.
	it.each([
		[{ productId: 'gold-plated' }, 'productId'],
		[{ validityMonths: 40 }, 'validityMonths'],
		[{ validityMonths: 0 }, 'validityMonths'],
		[{ deadlineDays: 0 }, 'deadlineDays'],
		[{ deadlineDays: 367 }, 'deadlineDays'],
		[{ pickupPassword: 'short' }, 'pickupPassword'],
		[{ passwordPolicyId: 'anything-goes' }, 'passwordPolicyId'],
		[{ agreementVersion: 'subscriber-1999' }, 'agreementVersion'],
		[{ keyAllowed: ['P-256'], keyRecommended: 'RSA-2048' }, 'keyRecommended'],
		[{ email: undefined, delivery: 'email' }, 'email'],
		[{ email: 'jan at example.be' }, 'email'],
		[{ commonName: 'Jan\u0007Peeters' }, 'commonName'],
		[{ subjectAltNames: [{ type: 'dns', value: 'example.be' }] }, 'subjectAltNames'],
		[{ productId: 'org-tls-server', commonName: 'portal.example.nl' }, 'organizationIdentifier'],
		[
			{
				productId: 'org-tls-server',
				commonName: 'not a host name',
				organizationIdentifier: 'NTRNL-12345678',
				email: undefined,
				delivery: 'link'
			},
			'commonName'
		]
	])('refuses %j with 422 order_invalid naming %s', async (fields, field) => {
		const answer = await operator.post('/orders', { ...DEFAULT_ORDER, ...fields });
		expect([answer.status, answer.body.code, answer.body.field]).toEqual([
			422,
			'order_invalid',
			field
		]);
	});

	it.each([
		['an array', '[]'],
		['not JSON', '{"commonName":'],
		['a string', '"Jan Peeters"']
	])('refuses a body that is %s with 400 body_invalid', async (_what, body) => {
		const answer = await send(server, 'POST', `${OPERATOR}/orders`, {
			headers: {
				authorization: `Bearer ${key.key}`,
				'content-type': 'application/json',
				'idempotency-key': randomUUID()
			},
			body
		});
		expect([answer.status, answer.body.code]).toEqual([400, 'body_invalid']);
	});

	it('refuses another media type (415) and a body over the limit (413)', async () => {
		const headers = { authorization: `Bearer ${key.key}`, 'idempotency-key': randomUUID() };
		const text = await send(server, 'POST', `${OPERATOR}/orders`, {
			headers: { ...headers, 'content-type': 'text/plain' },
			body: JSON.stringify(DEFAULT_ORDER)
		});
		expect([text.status, text.body.code]).toEqual([415, 'unsupported_media_type']);
		const large = await send(server, 'POST', `${OPERATOR}/orders`, {
			headers: { ...headers, 'content-type': 'application/json' },
			body: JSON.stringify({ ...DEFAULT_ORDER, contact: 'x'.repeat(70_000) })
		});
		expect([large.status, large.body.code]).toEqual([413, 'body_too_large']);
	});
});

describe('GET /api/v1/operator/orders', () => {
	it('pages newest first with a cursor, and filters by e-mail address and status', async () => {
		const email = `${randomUUID()}@example.be`;
		const ids: string[] = [];
		for (let made = 0; made < 5; made++) ids.push((await operator.create({ email })).order.id);
		const newestFirst = [...ids].reverse();
		const pages: string[][] = [];
		let cursor: string | null = null;
		do {
			const query: string = `?email=${encodeURIComponent(email)}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
			const page = await operator.get(`/orders${query}`);
			expect(page.status).toBe(200);
			pages.push(page.body.orders.map((order: { id: string }) => order.id));
			cursor = page.body.nextCursor;
		} while (cursor !== null && pages.length < 5);
		expect(pages).toEqual([newestFirst.slice(0, 2), newestFirst.slice(2, 4), newestFirst.slice(4)]);

		const [cancelled] = ids;
		expect((await operator.post(`/orders/${cancelled}/cancel`, {})).status).toBe(200);
		const byStatus = async (status: string) =>
			(
				await operator.get(`/orders?email=${encodeURIComponent(email)}&status=${status}`)
			).body.orders.map((order: { id: string; status: string }) => [order.id, order.status]);
		expect(await byStatus('cancelled')).toEqual([[cancelled, 'cancelled']]);
		expect(await byStatus('awaiting_pickup')).toEqual(
			newestFirst.slice(0, 4).map((id) => [id, 'awaiting_pickup'])
		);
	});

	it('lists an overview of each order', async () => {
		const email = `${randomUUID()}@example.be`;
		const created = await operator.create({ email, locale: 'fr' });
		// Addresses are matched whole, in any case.
		expect((await operator.get(`/orders?email=x${encodeURIComponent(email)}`)).body.orders).toEqual(
			[]
		);
		const listed = await operator.get(`/orders?email=${encodeURIComponent(email.toUpperCase())}`);
		expect(listed.body).toEqual({
			orders: [
				{
					id: created.order.id,
					status: 'awaiting_pickup',
					productId: 'personal-sign-pro',
					commonName: 'Jan Peeters',
					email,
					locale: 'fr',
					delivery: 'email',
					createdAt: created.order.createdAt,
					pickupDeadline: created.order.pickupDeadline,
					reissueOf: null
				}
			],
			nextCursor: null
		});
	});

	it.each([
		['status=shipped', 'status'],
		['limit=0', 'limit'],
		['limit=201', 'limit'],
		['limit=ten', 'limit'],
		['cursor=not-a-cursor', 'cursor'],
		[`cursor=${Buffer.from('[1,2]').toString('base64url')}`, 'cursor']
	])('refuses ?%s with 400 body_invalid naming %s', async (query, field) => {
		const answer = await operator.get(`/orders?${query}`);
		expect([answer.status, answer.body.code, answer.body.field]).toEqual([
			400,
			'body_invalid',
			field
		]);
	});
});

describe('GET /api/v1/operator/orders/{id}', () => {
	it("shows the order with its history under the key's name", async () => {
		const created = await operator.create({ delivery: 'link' });
		const shown = await show(created.order.id);
		expect(shown.status).toBe(200);
		expect(shown.body.order).toMatchObject({
			id: created.order.id,
			status: 'awaiting_pickup',
			failedAttempts: 0,
			certificate: null,
			history: [
				{
					actor: 'operator',
					event: 'order_created',
					toStatus: 'awaiting_pickup',
					detail: { by: 'CA order system', via: 'api' }
				}
			]
		});
		expect(JSON.stringify(shown.body)).not.toMatch(/scrypt|linkSecretSha256|pickupPasswordHash/);
	});

	it('is 404 order_not_found for an unknown or impossible id', async () => {
		for (const id of ['AAAAAAAAAAAAAAAA', 'not%20an%20id'])
			expect((await show(id)).body.code).toBe('order_not_found');
	});
});

describe('POST /api/v1/operator/orders/{id}/cancel', () => {
	it('cancels an open order with the reason, once', async () => {
		const created = await operator.create({ delivery: 'link' });
		const cancelled = await operator.post(`/orders/${created.order.id}/cancel`, {
			reason: 'applicant withdrew'
		});
		expect(cancelled.status).toBe(200);
		expect(cancelled.body.order.status).toBe('cancelled');
		expect(cancelled.body.order.history.at(-1)).toMatchObject({
			event: 'cancelled',
			fromStatus: 'awaiting_pickup',
			toStatus: 'cancelled',
			detail: { reason: 'applicant withdrew', by: 'CA order system', via: 'api' }
		});
		const { orderId, linkSecret } = linkParts(created.link ?? '');
		expect((await new Api(server, orderId).summary(linkSecret)).body.code).toBe('order_cancelled');
		const again = await operator.post(`/orders/${created.order.id}/cancel`, {});
		expect([again.status, again.body.code]).toEqual([409, 'order_state_conflict']);
	});

	it.each([
		[{ reason: 5 }, 'reason'],
		[{ reason: 'r'.repeat(257) }, 'reason'],
		[{ why: 'no reason' }, 'why']
	])('refuses %j with 400 body_invalid naming %s', async (body, field) => {
		const created = await operator.create();
		const answer = await operator.post(`/orders/${created.order.id}/cancel`, body);
		expect([answer.status, answer.body.field]).toEqual([400, field]);
		expect((await show(created.order.id)).body.order.status).toBe('awaiting_pickup');
	});

	it('is 404 for an unknown order', async () => {
		const answer = await operator.post('/orders/AAAAAAAAAAAAAAAA/cancel', {});
		expect([answer.status, answer.body.code]).toEqual([404, 'order_not_found']);
	});
});

describe('POST /api/v1/operator/orders/{id}/unlock', () => {
	it('gives a locked order its attempts back, and refuses an order that is not locked', async () => {
		const created = await operator.create({ delivery: 'link', pickupPassword: CHOSEN_PASSWORD });
		const { orderId, linkSecret } = linkParts(created.link ?? '');
		const refused = await operator.post(`/orders/${orderId}/unlock`, {});
		expect([refused.status, refused.body.code]).toEqual([409, 'order_state_conflict']);
		await lockByWrongPasswords(server, created.link);
		expect((await show(orderId)).body.order).toMatchObject({ status: 'locked', failedAttempts: 5 });
		const unlocked = await operator.post(`/orders/${orderId}/unlock`, {
			reason: 'Applicant called; identity checked by phone'
		});
		expect(unlocked.status).toBe(200);
		expect(unlocked.body.order).toMatchObject({ status: 'awaiting_pickup', failedAttempts: 0 });
		expect(unlocked.body.order.history.at(-1)).toMatchObject({
			event: 'unlocked',
			detail: {
				reason: 'Applicant called; identity checked by phone',
				by: 'CA order system',
				via: 'api'
			}
		});
		expect((await new Api(server, orderId).session(linkSecret, CHOSEN_PASSWORD)).status).toBe(200);
	});

	it('takes a reason, as a short non-empty text, and nothing else', async () => {
		const created = await operator.create();
		const unlock = (body: unknown) => operator.post(`/orders/${created.order.id}/unlock`, body);
		for (const [body, field] of [
			[{ force: true }, 'force'],
			[{ reason: 42 }, 'reason'],
			[{ reason: ' ' }, 'reason'],
			[{ reason: 'x'.repeat(257) }, 'reason']
		] as const) {
			const answer = await unlock(body);
			expect([answer.status, answer.body.code, answer.body.field], JSON.stringify(body)).toEqual([
				400,
				'body_invalid',
				field
			]);
		}
	});
});

describe('POST /api/v1/operator/orders/{id}/reissue', () => {
	it('makes a new order with a 7-day deadline and cancels the open old one', async () => {
		const old = await operator.create({ delivery: 'link', pickupPassword: CHOSEN_PASSWORD });
		const reissued = await operator.post(`/orders/${old.order.id}/reissue`, {
			delivery: 'link',
			pickupPassword: 'another-chosen-one'
		});
		expect(reissued.status).toBe(201);
		const order = reissued.body.order;
		expect(order).toMatchObject({ reissueOf: old.order.id, status: 'awaiting_pickup' });
		expect(order.id).not.toBe(old.order.id);
		expect(Date.parse(order.pickupDeadline) - Date.parse(order.createdAt)).toBe(7 * DAY_MS);
		expect(reissued.body.pickupPassword).toBeUndefined();
		expect(JSON.stringify(reissued.body)).not.toContain('another-chosen-one');
		expect((await show(old.order.id)).body.order.status).toBe('cancelled');
		const oldLink = linkParts(old.link ?? '');
		expect((await new Api(server, oldLink.orderId).summary(oldLink.linkSecret)).body.code).toBe(
			'order_cancelled'
		);
		const { orderId, linkSecret } = linkParts(reissued.body.link);
		expect((await new Api(server, orderId).summary(linkSecret)).body.isReissue).toBe(true);
		expect((await new Api(server, orderId).session(linkSecret, 'another-chosen-one')).status).toBe(
			200
		);
	});

	it('keeps the delivery, generates a pickup password and takes the overrides', async () => {
		const old = await operator.create({ locale: 'de' });
		const reissued = await operator.post(`/orders/${old.order.id}/reissue`, {
			deadlineDays: 3,
			validityMonths: 6,
			locale: 'pt'
		});
		expect(reissued.status).toBe(201);
		expect(reissued.body.pickupPassword).toMatch(GENERATED_PASSWORD);
		expect(reissued.body.link).toBeUndefined();
		expect(reissued.body.order).toMatchObject({
			delivery: 'email',
			locale: 'pt',
			validityMonths: 6,
			emailDelivery: { status: 'queued' }
		});
		const { pickupDeadline, createdAt } = reissued.body.order;
		expect(Date.parse(pickupDeadline) - Date.parse(createdAt)).toBe(3 * DAY_MS);
	});

	it.each([
		[{ deadlineDays: 'soon' }, 400, 'deadlineDays'],
		[{ locale: 'xx' }, 400, 'locale'],
		[{ delivery: 'post' }, 400, 'delivery'],
		[{ commonName: 'Someone Else' }, 400, 'commonName'],
		[{ validityMonths: 99 }, 422, 'validityMonths'],
		[{ pickupPassword: 'short' }, 422, 'pickupPassword']
	])('refuses %j with %i naming %s', async (body, status, field) => {
		const old = await operator.create();
		const answer = await operator.post(`/orders/${old.order.id}/reissue`, body);
		expect([answer.status, answer.body.field]).toEqual([status, field]);
		// A refused reissue leaves the old order as it was.
		expect((await show(old.order.id)).body.order.status).toBe('awaiting_pickup');
	});

	it('is 404 for an unknown order', async () => {
		const answer = await operator.post('/orders/AAAAAAAAAAAAAAAA/reissue', {});
		expect([answer.status, answer.body.code]).toEqual([404, 'order_not_found']);
	});
});

describe('POST /api/v1/operator/orders/{id}/resend', () => {
	it('gives a link order a new link; the old one no longer opens it', async () => {
		const created = await operator.create({ delivery: 'link' });
		const resent = await operator.post(`/orders/${created.order.id}/resend`, {});
		expect(resent.status).toBe(200);
		expect(resent.body.order.history.at(-1)).toMatchObject({
			event: 'link_resent',
			detail: { by: 'CA order system', via: 'api' }
		});
		const old = linkParts(created.link ?? '');
		const fresh = linkParts(resent.body.link);
		expect(fresh.orderId).toBe(created.order.id);
		expect(fresh.linkSecret).not.toBe(old.linkSecret);
		const api = new Api(server, created.order.id);
		expect((await api.summary(old.linkSecret)).body.code).toBe('link_invalid');
		expect((await api.summary(fresh.linkSecret)).status).toBe(200);
	});

	it('queues the e-mail again and supersedes the one still queued', async () => {
		const created = await operator.create();
		const first = created.order.emailDelivery as { id: string };
		const resent = await operator.post(`/orders/${created.order.id}/resend`, {});
		expect(resent.status).toBe(200);
		expect(resent.body.link).toBeUndefined();
		expect(resent.body.order.emailDelivery).toMatchObject({ status: 'queued' });
		expect(resent.body.order.emailDelivery.id).not.toBe(first.id);
		const mails = await withStore(server, (store) => store.outboxOf(created.order.id));
		expect(mails.map(({ id, status }) => [id, status])).toEqual([
			[first.id, 'superseded'],
			[resent.body.order.emailDelivery.id, 'queued']
		]);
	});

	it('is 409 order_state_conflict for an order not awaiting pickup', async () => {
		const locked = await operator.create({ delivery: 'link' });
		await lockByWrongPasswords(server, locked.link);
		const cancelled = await operator.create();
		await operator.post(`/orders/${cancelled.order.id}/cancel`, {});
		for (const orderId of [locked.order.id, cancelled.order.id]) {
			const answer = await operator.post(`/orders/${orderId}/resend`, {});
			expect([answer.status, answer.body.code]).toEqual([409, 'order_state_conflict']);
		}
		const lockedLink = linkParts(locked.link ?? '');
		expect((await new Api(server, locked.order.id).summary(lockedLink.linkSecret)).status).toBe(
			200
		);
	});

	it('is 404 for an unknown order and takes an empty body only', async () => {
		const missing = await operator.post('/orders/AAAAAAAAAAAAAAAA/resend', {});
		expect([missing.status, missing.body.code]).toEqual([404, 'order_not_found']);
		const created = await operator.create();
		const extra = await operator.post(`/orders/${created.order.id}/resend`, { link: 'new' });
		expect([extra.status, extra.body.field]).toEqual([400, 'link']);
	});
});
