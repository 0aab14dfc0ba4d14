import { describe, expect, it } from 'vitest';
import { resume } from '../../../../src/lib/pickup/machine/resume.ts';
import type { Pickup } from '../../../../src/lib/pickup/machine/states.ts';
import type { SavedPickup } from '../../../../src/lib/store/schema.ts';
import {
	CHAIN,
	CLOCK,
	CSR,
	KEY,
	LINK,
	ORDER,
	PASSWORD,
	pickupAt,
	record,
	SESSION,
	WRAPPED
} from './fixtures.ts';

/** A pickup just opened from what a device stored: only the record, nothing in memory. */
function stored(changes: Partial<SavedPickup>, memory: Partial<Pickup> = {}) {
	return resume(pickupAt({ step: 'opening' }, { saved: record(changes), ...memory }), CLOCK);
}

const ended = { token: 'old', expiresAt: '2026-11-26T12:00:30.000Z' };
const key = { privateKeyPkcs8: KEY, password: PASSWORD };
const issued = { wrappedKey: WRAPPED, csrPem: CSR, chainPem: CHAIN, session: SESSION };

describe('pickup machine: resuming a stored pickup at its step', () => {
	it('does nothing without a stored pickup', () => {
		const pickup = pickupAt({ step: 'opening' }, { saved: null });
		expect(resume(pickup, CLOCK)).toEqual({ pickup, effects: [] });
	});

	it('at the review', () => {
		expect(stored({ step: 'review' }).pickup.view).toMatchObject({ step: 'review', order: ORDER });
	});

	it('at the pickup password', () => {
		expect(stored({ step: 'pickup-password', session: SESSION }).pickup.view).toEqual({
			step: 'pickup-password',
			order: ORDER,
			busy: false,
			error: null
		});
	});

	it.each(['certificate-password', 'agreement', 'key-options'] as const)(
		'at %s: the pickup password first when the session ended, or ends within a minute',
		(step) => {
			expect(stored({ step }).pickup.view.step).toBe('pickup-password');
			expect(stored({ step, session: ended }).pickup.view.step).toBe('pickup-password');
		}
	);

	it('at the certificate password, first time', () => {
		expect(stored({ step: 'certificate-password', session: SESSION }).pickup.view).toEqual({
			step: 'certificate-password',
			order: ORDER,
			target: 'linux',
			again: false,
			error: null
		});
	});

	it.each(['agreement', 'key-options'] as const)(
		'at %s after a reload: the certificate password again, since it is never stored',
		(step) => {
			expect(stored({ step, session: SESSION }).pickup.view).toMatchObject({
				step: 'certificate-password',
				again: true
			});
		}
	);

	it('at the agreement or the key options while the password is still in memory', () => {
		const memory = { password: PASSWORD };
		expect(stored({ step: 'agreement', session: SESSION }, memory).pickup.view).toEqual({
			step: 'agreement',
			order: ORDER,
			error: null
		});
		const keyOptions = stored(
			{
				step: 'key-options',
				session: SESSION,
				keyChoice: { algorithm: 'RSA-2048', profile: 'legacy' }
			},
			memory
		);
		expect(keyOptions.pickup.view).toMatchObject({
			step: 'key-options',
			choice: { algorithm: 'RSA-2048', profile: 'legacy' },
			target: 'linux'
		});
	});

	it('at a request made: sends the same request again', () => {
		const next = stored({ step: 'requested', csrPem: CSR, wrappedKey: WRAPPED, session: SESSION });
		expect(next.pickup.view).toMatchObject({ step: 'working', stage: 'request' });
		expect(next.effects).toEqual([
			{
				type: 'request-certificate',
				orderId: LINK.orderId,
				session: SESSION.token,
				body: { csr: CSR, agreementVersion: ORDER.agreement.version }
			}
		]);
	});

	it('at a request made whose session ended: the pickup password first', () => {
		const next = stored({ step: 'requested', csrPem: CSR, wrappedKey: WRAPPED });
		expect(next.pickup.view.step).toBe('pickup-password');
		expect(next.effects).toEqual([]);
	});

	it('at a pending issuance: waits the delay the CA gave, then polls', () => {
		const next = stored({ step: 'pending', csrPem: CSR, retryAfterSeconds: 9 });
		expect(next.pickup.view).toMatchObject({
			step: 'working',
			stage: 'waiting',
			retryAfterSeconds: 9
		});
		expect(next.effects).toEqual([{ type: 'wait', seconds: 9, then: 'poll' }]);
	});

	it('at a pending issuance stored without a delay: a second', () => {
		expect(stored({ step: 'pending', csrPem: CSR }).effects).toEqual([
			{ type: 'wait', seconds: 1, then: 'poll' }
		]);
	});

	it.each(['issued', 'done'] as const)(
		'at %s: the certificate password opens the stored key',
		(step) => {
			const next = stored({ step, ...issued });
			expect(next.pickup.view).toEqual({
				step: 'unlock',
				order: ORDER,
				busy: false,
				alreadyCollected: false,
				error: null
			});
			expect(next.effects).toEqual([]);
		}
	);

	it.each(['issued', 'done'] as const)('at %s with the key in memory: builds the .p12', (step) => {
		const next = stored(
			{ step, ...issued, keyChoice: { algorithm: 'P-256', profile: 'legacy' } },
			key
		);
		expect(next.pickup.view).toMatchObject({ step: 'working', stage: 'building' });
		expect(next.effects).toEqual([
			{
				type: 'build-p12',
				params: {
					chainPem: CHAIN,
					csrPem: CSR,
					order: ORDER,
					privateKeyPkcs8: KEY,
					password: PASSWORD,
					profile: 'legacy',
					prepared: null
				}
			}
		]);
	});

	it('at an uploaded request issued: builds its files, no key needed', () => {
		const next = stored({ step: 'issued', csrPem: CSR, chainPem: CHAIN });
		expect(next.effects).toEqual([
			{ type: 'build-csr-files', params: { chainPem: CHAIN, csrPem: CSR, order: ORDER } }
		]);
	});
});
