import { describe, expect, it } from 'vitest';
import type { CsrResult, PickupResult, PickupState } from '../../../../src/lib/pickup/state.ts';
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

const issued = record({
	step: 'issued',
	wrappedKey: WRAPPED,
	csrPem: CSR,
	chainPem: CHAIN,
	session: SESSION
});
const unlock = {
	step: 'unlock',
	order: ORDER,
	busy: false,
	alreadyCollected: false,
	error: null
} as const;
const file = { name: 'f', type: 't', data: 'x' };
const files = { certificate: {} as PickupResult['certificate'], cer: file, chainPem: file };
const p12: PickupResult = { ...files, p12: file };
const p7b: CsrResult = { ...files, p7b: file };
const done = (changes: Partial<Extract<PickupState, { step: 'done' }>> = {}) =>
	({
		step: 'done',
		order: ORDER,
		result: p12,
		acknowledged: false,
		alreadyCollected: false,
		error: null,
		...changes
	}) as const;

describe('pickup machine: the files', () => {
	it('opens the stored key with the certificate password, once at a time', () => {
		const next = step(pickupAt(unlock, { saved: issued }), { type: 'unlock', password: PASSWORD });
		expect(next.pickup.view).toEqual({ ...unlock, busy: true });
		expect(next.effects).toEqual([{ type: 'unwrap-key', wrappedKey: WRAPPED, password: PASSWORD }]);
		expect(ignores(next.pickup, { type: 'unlock', password: PASSWORD })).toBe(true);
	});

	it('stays on the unlock after a wrong password', () => {
		const error = { code: 'pki:key_unwrap_wrong_password', detail: 'wrong' } as const;
		const next = step(pickupAt({ ...unlock, busy: true }, { saved: issued }), {
			type: 'unwrap-failed',
			error
		});
		expect(next.pickup.view).toEqual({ ...unlock, error });
		expect(next.effects).toEqual([]);
	});

	it('builds the .p12 from the opened key', () => {
		const next = step(pickupAt({ ...unlock, busy: true }, { saved: issued }), {
			type: 'key-unwrapped',
			privateKeyPkcs8: KEY,
			password: PASSWORD
		});
		expect(next.pickup).toMatchObject({ privateKeyPkcs8: KEY, password: PASSWORD });
		expect(next.effects.map((effect) => effect.type)).toEqual(['build-p12']);
		expect(next.pickup.view).toEqual(working('building'));
	});

	it('offers the built .p12 and stores the pickup as done', () => {
		const next = step(pickupAt(working('building'), { saved: issued }), {
			type: 'files-built',
			files: { step: 'done', result: p12 }
		});
		expect(next.pickup.view).toEqual(done());
		expect(next.effects).toEqual([
			{ type: 'save', record: { ...issued, step: 'done', updatedAt: NOW } }
		]);
	});

	it('offers the chain of an uploaded request as .pem, .p7b and .cer', () => {
		const next = step(
			pickupAt(working('building'), { saved: { ...issued, wrappedKey: undefined } }),
			{
				type: 'files-built',
				files: { step: 'csr-done', result: p7b }
			}
		);
		expect(next.pickup.view).toMatchObject({ step: 'csr-done', result: p7b, acknowledged: false });
	});

	it('fails, keeping the wrapped key, when the chain does not match our key', () => {
		const error = { code: 'pki:chain_leaf_key_mismatch', detail: 'other key' } as const;
		const next = step(pickupAt(working('building'), { saved: issued }), {
			type: 'work-failed',
			error
		});
		expect(next.pickup.view).toMatchObject({ step: 'failed', error });
		expect(next.pickup.saved?.wrappedKey).toBe(WRAPPED);
	});
});

describe('pickup machine: "I have saved my file"', () => {
	const built = (changes = {}) => {
		const made = step(pickupAt(working('building'), { saved: issued, ...changes }), {
			type: 'files-built',
			files: { step: 'done', result: p12 }
		});
		return made.pickup;
	};

	it('acknowledges with the session, then forgets the pickup here', () => {
		const asked = step(built(), { type: 'acknowledge-collected' });
		expect(asked.effects).toEqual([
			{ type: 'acknowledge', orderId: LINK.orderId, session: SESSION.token }
		]);
		const next = step(asked.pickup, { type: 'acknowledged' });
		expect(next.pickup.view).toEqual(done({ acknowledged: true }));
		expect(next.effects).toEqual([{ type: 'forget', orderId: LINK.orderId }]);
		expect(next.pickup).toMatchObject({
			saved: null,
			password: null,
			privateKeyPkcs8: null,
			delivered: null
		});
		expect(ignores(next.pickup, { type: 'acknowledge-collected' })).toBe(true);
	});

	it('keeps the result when acknowledging fails', () => {
		const next = step(built(), { type: 'acknowledge-failed', error: offline });
		expect(next.pickup.view).toEqual(done({ error: offline }));
		expect(next.effects).toEqual([]);
	});

	it.each([
		['has ended', { saved: { ...issued, session: { token: 'old', expiresAt: NOW } } }, null],
		[
			'is refused by the server',
			{},
			{ type: 'acknowledge-failed', error: { code: 'session_invalid', detail: 'ended' } }
		]
	] as const)(
		'asks the pickup password again when the session %s, then offers the same files',
		(_, changes, refusal) => {
			let pickup = built(changes);
			if (refusal) pickup = step(pickup, { type: 'acknowledge-collected' }).pickup;
			const next = step(pickup, refusal ?? { type: 'acknowledge-collected' });
			expect(next.pickup.view).toEqual({
				step: 'pickup-password',
				order: ORDER,
				busy: false,
				error: null
			});
			expect(next.pickup.saved?.session).toBeUndefined();
			expect(next.effects.map((effect) => effect.type)).toEqual(['save']);
			const back = step(next.pickup, { type: 'session-opened', session: SESSION });
			expect(back.pickup.view).toEqual(done());
			expect(
				back.effects.map((effect) => effect.type),
				'no second build'
			).toEqual(['save']);
		}
	);

	it('only forgets here what the server says was collected elsewhere', () => {
		const next = step(built({ alreadyCollected: true }), { type: 'acknowledge-collected' });
		expect(next.effects).toEqual([{ type: 'forget', orderId: LINK.orderId }]);
		expect(next.pickup.view).toEqual(done({ alreadyCollected: true, acknowledged: true }));
	});
});

describe('pickup machine: my own CSR', () => {
	const keyOptions = {
		step: 'key-options',
		order: ORDER,
		choice: { algorithm: 'P-256', profile: 'modern' },
		target: 'linux',
		error: null
	} as const;
	const upload = { step: 'csr-upload', order: ORDER, busy: false, error: null } as const;
	const saved = record({ step: 'key-options', session: SESSION, keyChoice: keyOptions.choice });

	it('opens the upload from the key options, and goes back', () => {
		const opened = step(pickupAt(keyOptions, { saved }), { type: 'start-csr-upload' });
		expect(opened.pickup.view).toEqual(upload);
		expect(opened.effects).toEqual([]);
		expect(step(opened.pickup, { type: 'cancel-csr-upload' }).pickup.view).toEqual(keyOptions);
		expect(ignores(pickupAt(upload), { type: 'start-csr-upload' })).toBe(true);
		expect(ignores(pickupAt(keyOptions), { type: 'cancel-csr-upload' })).toBe(true);
	});

	it('checks the request against the order, once at a time', () => {
		const next = step(pickupAt(upload, { saved }), { type: 'submit-csr', input: CSR });
		expect(next.pickup.view).toEqual({ ...upload, busy: true });
		expect(next.effects).toEqual([{ type: 'check-csr', input: CSR, order: ORDER }]);
		expect(ignores(next.pickup, { type: 'submit-csr', input: CSR })).toBe(true);
	});

	it('stays on the upload with the reason a request is refused', () => {
		const error = { code: 'pki:csr_subject_mismatch', detail: 'Mallory' } as const;
		const next = step(pickupAt({ ...upload, busy: true }, { saved }), {
			type: 'csr-refused',
			error
		});
		expect(next.pickup.view).toEqual({ ...upload, error });
		expect(next.effects).toEqual([]);
	});

	it('stores an accepted request without any key, then sends it', () => {
		const next = step(pickupAt({ ...upload, busy: true }, { saved }), {
			type: 'csr-accepted',
			csrPem: CSR
		});
		const stored = {
			...saved,
			step: 'requested',
			csrPem: CSR,
			wrappedKey: undefined,
			keyChoice: undefined,
			updatedAt: NOW
		};
		expect(next.effects).toEqual([
			{ type: 'save', record: stored },
			{
				type: 'request-certificate',
				orderId: LINK.orderId,
				session: SESSION.token,
				body: { csr: CSR, agreementVersion: ORDER.agreement.version }
			}
		]);
	});
});
