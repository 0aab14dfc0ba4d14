import { describe, expect, it } from 'vitest';
import type { Effect } from '../../../../src/lib/pickup/machine/effects.ts';
import type { PickupState } from '../../../../src/lib/pickup/state.ts';
import {
	CHAIN,
	CSR,
	KEY,
	LINK,
	NOW,
	ORDER,
	PASSWORD,
	pickupAt,
	record,
	SESSION,
	step,
	WRAPPED,
	working
} from './fixtures.ts';

/** The certificate password's derivations, started ahead of Create and released when spent. */

const HANDLE = `${LINK.orderId} ${NOW} 0`;
const certificatePassword = {
	step: 'certificate-password',
	order: ORDER,
	target: 'linux',
	again: false,
	error: null
} as const;
const keyOptions = {
	step: 'key-options',
	order: ORDER,
	choice: { algorithm: 'P-256', profile: 'modern' },
	target: 'linux',
	error: null
} as const;
const submit = (password: string, target?: 'windows-older' | 'linux') =>
	({ type: 'submit-certificate-password', password, confirmation: password, target }) as const;
const keyMade = {
	type: 'key-made',
	privateKeyPkcs8: KEY,
	wrappedKey: WRAPPED,
	csrPem: CSR
} as const;
const typesOf = (effects: Effect[]) => effects.map((effect) => effect.type);
const preparedAt = (view: PickupState, changes = {}) =>
	pickupAt(view, { password: PASSWORD, prepared: HANDLE, ...changes });

describe('pickup machine: deriving ahead of Create', () => {
	it('starts the derivations as soon as the certificate password is accepted', () => {
		const next = step(pickupAt(certificatePassword, { saved: record({ session: SESSION }) }), {
			...submit(PASSWORD)
		});
		expect(next.pickup.prepared).toBe(HANDLE);
		expect(next.effects[0]).toEqual({
			type: 'prepare-derivations',
			handle: HANDLE,
			password: PASSWORD,
			profile: 'modern'
		});
	});

	it('derives for the profile the key options will offer: the target’s, or the one stored', () => {
		const legacyTarget = step(pickupAt(certificatePassword), submit(PASSWORD, 'windows-older'));
		expect(legacyTarget.effects[0]).toMatchObject({ profile: 'legacy' });
		const stored = pickupAt(certificatePassword, {
			saved: record({ keyChoice: { algorithm: 'RSA-2048', profile: 'legacy' } })
		});
		expect(step(stored, submit(PASSWORD)).effects[0]).toMatchObject({ profile: 'legacy' });
	});

	it('starts nothing for a refused password', () => {
		const next = step(pickupAt(certificatePassword), {
			type: 'submit-certificate-password',
			password: PASSWORD,
			confirmation: `${PASSWORD}x`
		});
		expect(next.pickup.prepared).toBeNull();
		expect(typesOf(next.effects)).toEqual([]);
	});

	it('releases what an earlier password prepared before preparing for the new one', () => {
		const next = step(
			preparedAt(certificatePassword, { prepared: 'earlier' }),
			submit(`${PASSWORD}2`)
		);
		expect(next.effects.slice(0, 2)).toEqual([
			{ type: 'release-derivations', handle: 'earlier' },
			{ type: 'prepare-derivations', handle: HANDLE, password: `${PASSWORD}2`, profile: 'modern' }
		]);
		expect(next.pickup.prepared).toBe(HANDLE);
	});

	it('releases them when the password no longer suits the target chosen at the key options', () => {
		const next = step(preparedAt(keyOptions, { password: PASSWORD.repeat(3), target: 'windows' }), {
			type: 'choose-key-options',
			choice: { algorithm: 'P-256', profile: 'modern' },
			target: 'linux'
		});
		expect(next.pickup).toMatchObject({ password: null, prepared: null });
		expect(next.effects).toEqual([{ type: 'release-derivations', handle: HANDLE }]);
	});

	it('makes the key with the prepared wrapping key', () => {
		const choice = { algorithm: 'P-256', profile: 'modern' } as const;
		const next = step(preparedAt(keyOptions), { type: 'choose-key-options', choice });
		expect(next.effects[1]).toEqual({
			type: 'make-key',
			order: ORDER,
			choice,
			password: PASSWORD,
			prepared: HANDLE
		});
	});

	it('stores the wrapped key, starts the key bag, and only then sends the request', () => {
		const keyChoice = { algorithm: 'RSA-2048', profile: 'legacy' } as const;
		const pickup = preparedAt(working('key'), {
			saved: record({ step: 'key-options', session: SESSION, keyChoice })
		});
		const next = step(pickup, keyMade);
		expect(typesOf(next.effects)).toEqual(['save', 'prepare-key-bag', 'request-certificate']);
		expect(next.effects[0]).toMatchObject({ record: { wrappedKey: WRAPPED, csrPem: CSR } });
		expect(next.effects[1]).toEqual({
			type: 'prepare-key-bag',
			handle: HANDLE,
			privateKeyPkcs8: KEY,
			profile: 'legacy'
		});
	});

	it('starts no key bag without prepared work', () => {
		const keyChoice = { algorithm: 'P-256', profile: 'modern' } as const;
		const pickup = preparedAt(working('key'), {
			prepared: null,
			saved: record({ step: 'key-options', session: SESSION, keyChoice })
		});
		const next = step(pickup, keyMade);
		expect(typesOf(next.effects)).toEqual(['save', 'request-certificate']);
	});

	it('builds the .p12 with the prepared keys, then releases them', () => {
		const saved = record({
			step: 'requested',
			csrPem: CSR,
			wrappedKey: WRAPPED,
			session: SESSION,
			keyChoice: { algorithm: 'P-256', profile: 'modern' }
		});
		const pickup = preparedAt(working('request'), { saved, privateKeyPkcs8: KEY });
		const issued = step(pickup, {
			type: 'issuance',
			result: { status: 'issued', chainPem: CHAIN }
		});
		expect(issued.effects[1]).toMatchObject({
			type: 'build-p12',
			params: { prepared: HANDLE, profile: 'modern' }
		});
		const file = { name: 'f', type: 't', data: 'x' };
		const result = {
			certificate: {} as never,
			cer: file,
			chainPem: file,
			p12: file
		};
		const built = step(issued.pickup, { type: 'files-built', files: { step: 'done', result } });
		expect(typesOf(built.effects)).toEqual(['save', 'release-derivations']);
		expect(built.effects[1]).toEqual({ type: 'release-derivations', handle: HANDLE });
		expect(built.pickup.prepared).toBeNull();
	});

	it('releases them when the pickup is forgotten', () => {
		const gone = { code: 'order_expired', detail: 'expired' } as const;
		const next = step(preparedAt(working('key')), { type: 'work-failed', error: gone });
		expect(next.effects).toContainEqual({ type: 'release-derivations', handle: HANDLE });
		expect(next.pickup.prepared).toBeNull();
	});
});
