import { describe, expect, it } from 'vitest';
import type { FlowError } from '../../../../src/lib/pickup/state.ts';
import type { SavedPickup } from '../../../../src/lib/store/schema.ts';
import {
	CHAIN,
	CSR,
	ignores,
	KEY,
	LINK,
	NOW,
	offline,
	ORDER,
	PASSWORD,
	pickupAt,
	record,
	SESSION,
	step,
	WRAPPED,
	working
} from './fixtures.ts';

const requested = (changes: Partial<SavedPickup> = {}) =>
	record({ step: 'requested', csrPem: CSR, wrappedKey: WRAPPED, session: SESSION, ...changes });
const sending = (changes: Partial<SavedPickup> = {}, failures = 0) =>
	pickupAt(working('request'), { saved: requested(changes), failures, password: PASSWORD });
const request = {
	type: 'request-certificate',
	orderId: LINK.orderId,
	session: SESSION.token,
	body: { csr: CSR, agreementVersion: ORDER.agreement.version }
} as const;
const waiting = (retryAfterSeconds: number, error: FlowError | null = null) => ({
	...working('waiting'),
	retryAfterSeconds,
	error
});

describe('pickup machine: the new key and the request', () => {
	it('stores the wrapped key and the request, and only then sends it', () => {
		const pickup = pickupAt(working('key'), {
			saved: record({ step: 'key-options', session: SESSION }),
			password: PASSWORD
		});
		const next = step(pickup, {
			type: 'key-made',
			privateKeyPkcs8: KEY,
			wrappedKey: WRAPPED,
			csrPem: CSR
		});
		const stored = {
			...record({ session: SESSION }),
			step: 'requested',
			wrappedKey: WRAPPED,
			csrPem: CSR,
			updatedAt: NOW
		};
		expect(next.effects).toEqual([{ type: 'save', record: stored }, request]);
		expect(next.pickup.privateKeyPkcs8).toBe(KEY);
		expect(next.pickup.view).toEqual(working('request'));
		expect(JSON.stringify(stored)).not.toContain(PASSWORD);
	});

	it('asks the pickup password first when the session ended before the request left', () => {
		const pickup = pickupAt(working('key'), { saved: record({ step: 'key-options' }) });
		const next = step(pickup, {
			type: 'key-made',
			privateKeyPkcs8: KEY,
			wrappedKey: WRAPPED,
			csrPem: CSR
		});
		expect(next.effects.map((effect) => effect.type)).toEqual(['save']);
		expect(next.pickup.view).toMatchObject({ step: 'pickup-password', error: null });
	});

	it('fails, keeping what is stored, when the key cannot be made', () => {
		const error = { code: 'unexpected', detail: 'no RSA here' } as const;
		const next = step(pickupAt(working('key')), { type: 'work-failed', error });
		expect(next.pickup.view).toMatchObject({
			step: 'failed',
			order: ORDER,
			error,
			retryable: false
		});
		expect(next.effects).toEqual([]);
	});

	it('waits after a failed send, longer after each, then sends the same request again', () => {
		const first = step(
			sending(),
			{ type: 'request-failed', error: offline },
			{ now: new Date(NOW), random: 0.9 }
		);
		expect(first.pickup.failures).toBe(1);
		expect(first.pickup.view).toEqual({
			...working('request'),
			retryAfterSeconds: 1,
			error: offline
		});
		expect(first.effects).toEqual([{ type: 'wait', seconds: 1, then: 'send' }]);
		const again = step(first.pickup, { type: 'retry-due', of: 'send' });
		expect(again.effects).toEqual([request]);
		const second = step(
			again.pickup,
			{ type: 'request-failed', error: offline },
			{ now: new Date(NOW), random: 0.9 }
		);
		expect(second.effects).toEqual([{ type: 'wait', seconds: 2, then: 'send' }]);
	});

	it('waits at least the delay the server asked for', () => {
		const error = { code: 'rate_limited', detail: 'slow down', retryAfterSeconds: 20 } as const;
		expect(step(sending(), { type: 'request-failed', error }).effects).toEqual([
			{ type: 'wait', seconds: 20, then: 'send' }
		]);
	});

	it('asks the pickup password again when the server ended the session', () => {
		const error = { code: 'session_invalid', detail: 'ended' } as const;
		const next = step(sending(), { type: 'request-failed', error });
		expect(next.pickup.view).toEqual({ step: 'pickup-password', order: ORDER, busy: false, error });
		expect(next.effects).toEqual([
			{ type: 'save', record: { ...requested(), session: undefined, updatedAt: NOW } }
		]);
	});

	it('fails on a refused request, keeping the wrapped key', () => {
		const error = { code: 'body_invalid', detail: 'refused' } as const;
		const next = step(sending(), { type: 'request-failed', error });
		expect(next.pickup.view).toMatchObject({ step: 'failed', error, retryable: false });
		expect(next.pickup.saved?.wrappedKey).toBe(WRAPPED);
		expect(next.effects).toEqual([]);
	});

	it('forgets everything when the order closed for good', () => {
		const error = { code: 'order_cancelled', detail: 'cancelled' } as const;
		const next = step(sending(), { type: 'request-failed', error });
		expect(next.effects).toEqual([{ type: 'forget', orderId: LINK.orderId }]);
		expect(next.pickup).toMatchObject({ saved: null, password: null, privateKeyPkcs8: null });
		expect(next.pickup.view).toMatchObject({ step: 'failed', order: ORDER, error });
	});
});

describe('pickup machine: issuance', () => {
	it('stores the chain the moment it arrives, then builds the file', () => {
		const pickup = { ...sending({}, 2), privateKeyPkcs8: KEY };
		const next = step(pickup, { type: 'issuance', result: { status: 'issued', chainPem: CHAIN } });
		const stored = { ...requested(), step: 'issued', chainPem: CHAIN, updatedAt: NOW };
		expect(next.effects).toEqual([
			{ type: 'save', record: stored },
			{
				type: 'build-p12',
				params: {
					chainPem: CHAIN,
					csrPem: CSR,
					order: ORDER,
					privateKeyPkcs8: KEY,
					password: PASSWORD,
					profile: 'modern',
					prepared: null
				}
			}
		]);
		expect(next.pickup.view).toEqual(working('building'));
	});

	it('stores a pending issuance, then waits the CA’s delay to poll', () => {
		const next = step(sending({}, 2), {
			type: 'issuance',
			result: { status: 'pending', retryAfterSeconds: 7 }
		});
		expect(next.effects).toEqual([
			{
				type: 'save',
				record: { ...requested(), step: 'pending', retryAfterSeconds: 7, updatedAt: NOW }
			},
			{ type: 'wait', seconds: 7, then: 'poll' }
		]);
		expect(next.pickup.failures).toBe(0);
		expect(next.pickup.view).toEqual(waiting(7));
	});

	it('polls with the session while it lasts, else with the link secret', () => {
		const withSession = pickupAt(waiting(7), { saved: requested({ step: 'pending' }) });
		expect(step(withSession, { type: 'retry-due', of: 'poll' }).effects).toEqual([
			{ type: 'fetch-certificate', orderId: LINK.orderId, credential: { session: SESSION.token } }
		]);
		const without = pickupAt(waiting(7), {
			saved: requested({ step: 'pending', session: undefined })
		});
		expect(step(without, { type: 'retry-due', of: 'poll' }).effects).toEqual([
			{
				type: 'fetch-certificate',
				orderId: LINK.orderId,
				credential: { linkSecret: LINK.linkSecret }
			}
		]);
	});

	it('waits again after a pending answer, and longer after failed polls', () => {
		const polling = pickupAt(waiting(7), { saved: requested({ step: 'pending' }) });
		const pending = step(polling, {
			type: 'polled',
			result: { status: 'pending', retryAfterSeconds: 3 }
		});
		expect(pending.effects).toEqual([{ type: 'wait', seconds: 3, then: 'poll' }]);
		expect(pending.pickup.view).toEqual(waiting(3));
		const clock = { now: new Date(NOW), random: 0.9 };
		const lost = step(pending.pickup, { type: 'poll-failed', error: offline }, clock);
		expect(lost.pickup.view).toEqual(waiting(1, offline));
		const lostAgain = step(lost.pickup, { type: 'poll-failed', error: offline }, clock);
		expect(lostAgain.effects).toEqual([{ type: 'wait', seconds: 2, then: 'poll' }]);
		const back = step(
			lostAgain.pickup,
			{ type: 'polled', result: { status: 'pending', retryAfterSeconds: 3 } },
			clock
		);
		expect(back.effects).toEqual([{ type: 'wait', seconds: 4, then: 'poll' }]);
	});

	it('builds once the poll brings the chain', () => {
		const polling = pickupAt(waiting(7), {
			saved: requested({ step: 'pending' }),
			privateKeyPkcs8: KEY,
			password: PASSWORD
		});
		const next = step(polling, { type: 'polled', result: { status: 'issued', chainPem: CHAIN } });
		expect(next.effects.map((effect) => effect.type)).toEqual(['save', 'build-p12']);
		expect(next.pickup.view).toEqual(working('building'));
	});

	it('deletes the stored pickup when polling answers that the order was cancelled', () => {
		const polling = pickupAt(waiting(7), { saved: requested({ step: 'pending' }) });
		const error = { code: 'order_cancelled', detail: 'cancelled' } as const;
		const next = step(polling, { type: 'poll-failed', error });
		expect(next.effects).toEqual([{ type: 'forget', orderId: LINK.orderId }]);
		expect(next.pickup.view).toMatchObject({ step: 'failed', error });
	});

	it('ignores a due retry when nothing is left to send', () => {
		expect(
			ignores(pickupAt(working('request'), { saved: record() }), { type: 'retry-due', of: 'send' })
		).toBe(true);
	});
});
