import { describe, expect, it } from 'vitest';
import type { PickupState } from '../../../../src/lib/pickup/state.ts';
import {
	ignores,
	LINK,
	NOW,
	ORDER,
	PASSWORD,
	pickupAt,
	record,
	SESSION,
	step,
	working
} from './fixtures.ts';

const review = {
	step: 'review',
	order: ORDER,
	storage: 'best-effort',
	storageCap: null,
	error: null
} as const;
const pickupPassword = { step: 'pickup-password', order: ORDER, busy: false, error: null } as const;
const certificatePassword = {
	step: 'certificate-password',
	order: ORDER,
	target: 'linux',
	again: false,
	error: null
} as const;
const agreement = { step: 'agreement', order: ORDER, error: null } as const;
const keyOptions = {
	step: 'key-options',
	order: ORDER,
	choice: { algorithm: 'P-256', profile: 'modern' },
	target: 'linux',
	error: null
} as const;
const savedAt = (view: PickupState) => pickupAt(view, { saved: record({ session: SESSION }) });

describe('pickup machine: the review', () => {
	it('asks for persistent storage, then moves to the pickup password and stores that step', () => {
		const next = step(pickupAt(review), { type: 'confirm-review' });
		expect(next.pickup.view).toEqual(pickupPassword);
		expect(next.effects).toEqual([
			{ type: 'request-persistence' },
			{ type: 'save', record: { ...record(), step: 'pickup-password', updatedAt: NOW } }
		]);
	});

	it('does not ask again once storage is persistent', () => {
		const next = step(pickupAt(review, { storage: 'persistent' }), { type: 'confirm-review' });
		expect(next.effects.map((effect) => effect.type)).toEqual(['save']);
	});

	it('shows persistent storage on the review when the browser grants it', () => {
		const next = step(pickupAt(review), { type: 'became-persistent' });
		expect(next.pickup.view).toMatchObject({ step: 'review', storage: 'persistent' });
		const later = step(pickupAt(pickupPassword), { type: 'became-persistent' });
		expect(later.pickup.view).toEqual(pickupPassword);
		expect(later.pickup.storage).toBe('persistent');
	});

	it('stops writing once the store failed', () => {
		const failed = step(pickupAt(review), { type: 'storage-failed' }).pickup;
		expect(failed.storage).toBe('unavailable');
		expect(step(failed, { type: 'confirm-review' }).effects).toEqual([]);
	});
});

describe('pickup machine: the pickup password', () => {
	it('opens a session, once at a time', () => {
		const next = step(pickupAt(pickupPassword), {
			type: 'submit-pickup-password',
			pickupPassword: 'pw'
		});
		expect(next.pickup.view).toEqual({ ...pickupPassword, busy: true });
		expect(next.effects).toEqual([{ type: 'open-session', link: LINK, pickupPassword: 'pw' }]);
		expect(ignores(next.pickup, { type: 'submit-pickup-password', pickupPassword: 'pw' })).toBe(
			true
		);
	});

	it('stores the session and the next step, then asks for the certificate password', () => {
		const pickup = pickupAt(
			{ ...pickupPassword, busy: true },
			{ saved: record({ step: 'pickup-password' }) }
		);
		const next = step(pickup, { type: 'session-opened', session: SESSION });
		expect(next.effects).toEqual([
			{
				type: 'save',
				record: { ...record(), step: 'certificate-password', session: SESSION, updatedAt: NOW }
			}
		]);
		expect(next.pickup.view).toEqual(certificatePassword);
	});

	it('stays with the attempts left after a wrong one', () => {
		const next = step(pickupAt({ ...pickupPassword, busy: true }), {
			type: 'session-refused',
			error: { code: 'pickup_password_wrong', detail: 'wrong', attemptsLeft: 2 }
		});
		expect(next.pickup.view).toMatchObject({
			step: 'pickup-password',
			busy: false,
			order: { pickupAttemptsLeft: 2 },
			error: { code: 'pickup_password_wrong' }
		});
	});

	it('stays open when the network fails', () => {
		const error = { code: 'network', detail: 'offline' } as const;
		const next = step(pickupAt({ ...pickupPassword, busy: true }), {
			type: 'session-refused',
			error
		});
		expect(next.pickup.view).toEqual({ ...pickupPassword, error });
	});

	it('ends the pickup when the order locks', () => {
		const error = { code: 'order_locked', detail: 'locked' } as const;
		const next = step(pickupAt({ ...pickupPassword, busy: true }), {
			type: 'session-refused',
			error
		});
		expect(next.pickup.view).toMatchObject({
			step: 'failed',
			error,
			retryable: false,
			order: ORDER
		});
	});
});

describe('pickup machine: the certificate password', () => {
	const submit = (password: string, confirmation = password, target?: 'windows' | 'linux') =>
		({ type: 'submit-certificate-password', password, confirmation, target }) as const;

	it.each([
		['password_policy', 'short', 'short'],
		['password_mismatch', PASSWORD, `${PASSWORD}x`],
		['password_target_limit', PASSWORD.repeat(3), PASSWORD.repeat(3)]
	])('refuses it with %s, keeping nothing', (code, password, confirmation) => {
		const next = step(savedAt(certificatePassword), submit(password, confirmation));
		expect(next.pickup.view).toMatchObject({ step: 'certificate-password', error: { code } });
		expect(next.pickup.password).toBeNull();
		expect(next.effects).toEqual([]);
	});

	it('holds it in memory only and moves to the agreement', () => {
		const next = step(
			savedAt(certificatePassword),
			submit(PASSWORD.repeat(3), undefined, 'windows')
		);
		expect(next.pickup).toMatchObject({ password: PASSWORD.repeat(3), target: 'windows' });
		expect(next.pickup.view).toEqual(agreement);
		const saves = next.effects.filter((effect) => effect.type === 'save');
		expect(saves).toEqual([
			{
				type: 'save',
				record: { ...record({ session: SESSION }), step: 'agreement', updatedAt: NOW }
			}
		]);
		expect(JSON.stringify(saves)).not.toContain(PASSWORD);
		// Beside the save, only to the crypto worker's memory (prepared.test.ts).
		expect(next.effects.map((effect) => effect.type)).toEqual(['prepare-derivations', 'save']);
	});

	it('skips an agreement already accepted', () => {
		const pickup = pickupAt(certificatePassword, {
			saved: record({ agreement: { version: ORDER.agreement.version, acceptedAt: NOW } })
		});
		expect(step(pickup, submit(PASSWORD)).pickup.view).toEqual(keyOptions);
	});
});

describe('pickup machine: the agreement and the key options', () => {
	it('needs the agreement ticked', () => {
		const next = step(pickupAt(agreement), { type: 'accept-agreement', accepted: false });
		expect(next.pickup.view).toMatchObject({
			step: 'agreement',
			error: { code: 'agreement_not_accepted' }
		});
		expect(next.effects).toEqual([]);
	});

	it('stores the version accepted and when, then offers the key options for the target', () => {
		const next = step(pickupAt(agreement, { target: 'windows-older' }), {
			type: 'accept-agreement',
			accepted: true
		});
		const accepted = { version: ORDER.agreement.version, acceptedAt: NOW };
		expect(next.pickup.saved).toMatchObject({ agreement: accepted, step: 'key-options' });
		expect(next.effects.map((effect) => effect.type)).toEqual(['save', 'save']);
		expect(next.pickup.view).toMatchObject({
			step: 'key-options',
			target: 'windows-older',
			choice: { algorithm: 'RSA-2048', profile: 'legacy' }
		});
	});

	it('refuses a key the order does not allow', () => {
		const next = step(pickupAt(keyOptions, { password: PASSWORD }), {
			type: 'choose-key-options',
			choice: { algorithm: 'RSA-4096', profile: 'modern' }
		});
		expect(next.pickup.view).toMatchObject({
			step: 'key-options',
			error: { code: 'pki:key_algorithm_not_allowed' }
		});
		expect(next.effects).toEqual([]);
	});

	it('asks the certificate password again when memory lost it', () => {
		const next = step(pickupAt(keyOptions), {
			type: 'choose-key-options',
			choice: { algorithm: 'P-256', profile: 'modern' }
		});
		expect(next.pickup.view).toEqual({ ...certificatePassword, again: true });
	});

	it('sends the applicant back for another password that suits a new target', () => {
		const next = step(pickupAt(keyOptions, { password: PASSWORD.repeat(3), target: 'windows' }), {
			type: 'choose-key-options',
			choice: { algorithm: 'P-256', profile: 'modern' },
			target: 'linux'
		});
		expect(next.pickup.password).toBeNull();
		expect(next.pickup.view).toMatchObject({
			step: 'certificate-password',
			target: 'linux',
			again: false,
			error: { code: 'password_target_limit' }
		});
		expect(next.effects).toEqual([]);
	});

	it('stores the choice, then makes the key', () => {
		const choice = { algorithm: 'RSA-2048', profile: 'legacy' } as const;
		const next = step(pickupAt(keyOptions, { password: PASSWORD }), {
			type: 'choose-key-options',
			choice
		});
		expect(next.pickup.view).toEqual(working('key'));
		expect(next.effects).toEqual([
			{ type: 'save', record: { ...record(), keyChoice: choice, updatedAt: NOW } },
			{ type: 'make-key', order: ORDER, choice, password: PASSWORD, prepared: null }
		]);
	});

	it.each([
		['confirm-review', { type: 'confirm-review' }],
		[
			'submit-certificate-password',
			{ type: 'submit-certificate-password', password: PASSWORD, confirmation: PASSWORD }
		],
		['accept-agreement', { type: 'accept-agreement', accepted: true }],
		['choose-key-options', { type: 'choose-key-options', choice: keyOptions.choice }]
	] as const)('ignores %s anywhere but on its own screen', (_, event) => {
		expect(ignores(pickupAt(working('request')), event)).toBe(true);
	});
});
