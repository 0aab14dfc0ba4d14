import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '../../../../src/lib/domain/order-statuses.ts';
import { readPickupLink } from '../../../../src/lib/pickup/link.ts';
import type { FlowError } from '../../../../src/lib/pickup/state.ts';
import {
	CHAIN,
	CSR,
	ignores,
	LINK,
	NOW,
	offline,
	ORDER,
	pickupAt,
	record,
	SESSION,
	step,
	WRAPPED
} from './fixtures.ts';

const ORDER_REVIEW = {
	step: 'review',
	order: ORDER,
	storage: 'best-effort',
	storageCap: null,
	error: null
} as const;
const opening = (changes = {}) => pickupAt({ step: 'opening' }, { saved: null, ...changes });
const link = readPickupLink(`#o=${LINK.orderId}&s=${LINK.linkSecret}`);
const opened = () =>
	step(opening({ link: null }), { type: 'open', reading: link, hasWebCrypto: true });
const gone = (code: 'order_expired' | 'order_cancelled' | 'order_collected'): FlowError => ({
	code,
	detail: code
});

describe('pickup machine: opening the link', () => {
	it.each([
		['link_missing', readPickupLink('')],
		['link_malformed', readPickupLink(`#o=${LINK.orderId}`)]
	])('fails with %s before anything else', (code, reading) => {
		const next = step(opening({ link: null }), { type: 'open', reading, hasWebCrypto: true });
		expect(next.pickup.view).toMatchObject({ step: 'failed', error: { code }, retryable: false });
		expect(next.effects).toEqual([]);
	});

	it('fails at once without WebCrypto', () => {
		const next = step(opening({ link: null }), {
			type: 'open',
			reading: link,
			hasWebCrypto: false
		});
		expect(next.pickup.view).toMatchObject({
			step: 'failed',
			error: { code: 'crypto_unavailable' }
		});
		expect(next.effects).toEqual([]);
	});

	it('claims the tab for the order, asking for the order and loading the crypto meanwhile', () => {
		const next = opened();
		expect(next.pickup.link).toEqual(LINK);
		expect(next.pickup.readingSaved).toEqual({ summary: null });
		expect(next.effects).toEqual([
			{ type: 'preload-crypto' },
			{ type: 'read-summary', link: LINK },
			{ type: 'claim-tab', orderId: LINK.orderId, steal: false }
		]);
	});

	it('reads only the stored pickup once the tab is claimed, holding the order answered before', () => {
		const claiming = opened().pickup;
		const answered = step(claiming, { type: 'summary-read', order: ORDER });
		expect(answered.pickup.view).toEqual({ step: 'opening' });
		expect(answered.effects).toEqual([]);
		const claimed = step(answered.pickup, { type: 'tab-claimed' });
		expect(claimed.effects).toEqual([{ type: 'read-saved', orderId: LINK.orderId }]);
		expect(claimed.pickup.readingSaved).toEqual({ summary: { order: ORDER } });
		const next = step(claimed.pickup, { type: 'saved-read', saved: undefined });
		expect(next.pickup.view).toEqual(ORDER_REVIEW);
	});

	it('drops the order asked for while another tab held it, and asks again on taking over', () => {
		const claiming = opened().pickup;
		const busy = step(claiming, { type: 'tab-busy' });
		expect(busy.pickup.view).toEqual({
			step: 'busy-elsewhere',
			orderId: LINK.orderId,
			lost: false
		});
		expect(busy.pickup.readingSaved).toBeNull();
		expect(busy.effects).toEqual([{ type: 'abandon' }]);
		expect(ignores(busy.pickup, { type: 'summary-read', order: ORDER })).toBe(true);
		const takingOver = step(busy.pickup, { type: 'take-over' }).pickup;
		expect(step(takingOver, { type: 'tab-claimed' }).effects).toEqual([
			{ type: 'preload-crypto' },
			{ type: 'read-summary', link: LINK },
			{ type: 'read-saved', orderId: LINK.orderId }
		]);
	});

	it('waits while another tab holds the order, and steals it when asked', () => {
		const busy = step(opening(), { type: 'tab-busy' });
		expect(busy.pickup.view).toEqual({
			step: 'busy-elsewhere',
			orderId: LINK.orderId,
			lost: false
		});
		expect(step(busy.pickup, { type: 'take-over' }).effects).toEqual([
			{ type: 'claim-tab', orderId: LINK.orderId, steal: true }
		]);
		expect(ignores(opening(), { type: 'take-over' })).toBe(true);
	});

	it('gives up its work, in one effect, when another tab takes the pickup over', () => {
		const next = step(pickupAt(ORDER_REVIEW), { type: 'tab-lost' });
		expect(next.pickup.view).toEqual({ step: 'busy-elsewhere', orderId: LINK.orderId, lost: true });
		expect(next.effects).toEqual([{ type: 'abandon' }]);
		expect(ignores(next.pickup, { type: 'confirm-review' })).toBe(true);
	});

	it('starts loading the crypto, then reads the order and the stored pickup side by side', () => {
		const next = step(opening(), { type: 'tab-claimed' });
		expect(next.pickup.view).toEqual({ step: 'opening' });
		expect(next.pickup.readingSaved).toEqual({ summary: null });
		expect(next.effects).toEqual([
			{ type: 'preload-crypto' },
			{ type: 'read-summary', link: LINK },
			{ type: 'read-saved', orderId: LINK.orderId }
		]);
	});

	it('keeps what this device holds until the order it was asked for meanwhile arrives', () => {
		const found = record({ step: 'pickup-password' });
		const next = step(opening(), { type: 'saved-read', saved: found });
		expect(next.pickup.found).toBe(found);
		expect(next.pickup.view).toEqual({ step: 'opening' });
		expect(next.effects).toEqual([]);
	});

	it('goes on without storage when the store fails', () => {
		const next = step(opening(), { type: 'saved-read', saved: undefined, storageFailed: true });
		expect(next.pickup.storage).toBe('unavailable');
		expect(next.effects).toEqual([]);
	});

	it('says a stored pickup no version can read cannot be resumed, and offers a fresh start', () => {
		const next = step(opening(), { type: 'saved-read', saved: undefined, unreadable: 'bad step' });
		expect(next.pickup.view).toMatchObject({
			step: 'failed',
			order: null,
			error: { code: 'pickup_unreadable', detail: 'bad step' },
			retryable: false,
			restartable: true
		});
		expect(next.effects).toEqual([]);
		const afresh = step(next.pickup, { type: 'start-afresh' });
		expect(afresh.pickup.view).toEqual({ step: 'opening' });
		expect(afresh.effects.map((effect) => effect.type)).toEqual([
			'forget',
			'preload-crypto',
			'read-summary',
			'read-saved'
		]);
	});

	it('stores a new pickup at the review and asks whether storage is already persistent', () => {
		const next = step(opening(), { type: 'summary-read', order: ORDER });
		const saved = {
			schemaVersion: 2,
			orderId: LINK.orderId,
			linkSecret: LINK.linkSecret,
			order: ORDER,
			step: 'review',
			createdAt: NOW,
			updatedAt: NOW
		};
		expect(next.pickup.saved).toEqual(saved);
		expect(next.effects).toEqual([{ type: 'save', record: saved }, { type: 'read-persistence' }]);
		expect(next.pickup.view).toEqual({
			step: 'review',
			order: ORDER,
			storage: 'best-effort',
			storageCap: null,
			error: null
		});
	});

	it('names how long an interrupted pickup is safe where the browser caps storage', () => {
		const capped = { ...opening(), setup: { ...opening().setup, storageCapDays: 7 } };
		expect(step(capped, { type: 'summary-read', order: ORDER }).pickup.view).toMatchObject({
			storageCap: { days: 7, safeUntil: '2026-12-03T12:00:00.000Z' }
		});
	});

	it('neither writes nor asks about persistence without storage', () => {
		const next = step(opening({ storage: 'unavailable' }), { type: 'summary-read', order: ORDER });
		expect(next.effects).toEqual([]);
		expect(next.pickup.view).toMatchObject({ step: 'review', storage: 'unavailable' });
	});

	it('takes the server’s order into the stored pickup and resumes it', () => {
		const found = record({ step: 'pickup-password', order: { ...ORDER, contact: 'old' } });
		const next = step(opening({ found }), { type: 'summary-read', order: ORDER });
		expect(next.pickup.saved).toMatchObject({ step: 'pickup-password', order: ORDER });
		expect(next.pickup.found).toBeNull();
		expect(next.pickup.view).toMatchObject({ step: 'pickup-password', order: ORDER });
	});

	it.each([
		['expired', 'order_expired', true],
		['cancelled', 'order_cancelled', true],
		['collected', 'order_collected', true],
		['locked', 'order_locked', false]
	] as [OrderStatus, string, boolean][])(
		'explains a %s order; forgets what is stored: %s',
		(status, code, forgets) => {
			const order = { ...ORDER, status };
			const next = step(opening({ found: record() }), { type: 'summary-read', order });
			expect(next.pickup.view).toMatchObject({
				step: 'failed',
				order,
				error: { code, detail: status }
			});
			expect(next.effects).toEqual(forgets ? [{ type: 'forget', orderId: LINK.orderId }] : []);
		}
	);

	it('goes on from the stored pickup when the server cannot be reached', () => {
		const found = record({ step: 'pickup-password' });
		const next = step(opening({ found }), { type: 'summary-failed', error: offline });
		expect(next.pickup.saved).toBe(found);
		expect(next.pickup.view).toMatchObject({ step: 'pickup-password', order: ORDER });
	});

	it('does not go on from a pickup stored for another link secret', () => {
		const found = record({ linkSecret: 'another-secret-another-secret' });
		const next = step(opening({ found }), { type: 'summary-failed', error: offline });
		expect(next.pickup.view).toMatchObject({ step: 'failed', retryable: true, order: ORDER });
		expect(next.pickup.saved).toBeNull();
	});

	it('reports a refused link without an order', () => {
		const error: FlowError = { code: 'link_invalid', detail: 'bad secret' };
		const next = step(opening(), { type: 'summary-failed', error });
		expect(next.pickup.view).toMatchObject({ step: 'failed', order: null, error });
		expect(next.effects).toEqual([]);
	});

	it.each(['order_expired', 'order_cancelled', 'order_collected'] as const)(
		'deletes the stored pickup when opening answers %s',
		(code) => {
			const found = record({ step: 'requested', wrappedKey: WRAPPED, csrPem: CSR });
			const next = step(opening({ found }), { type: 'summary-failed', error: gone(code) });
			expect(next.pickup.view).toMatchObject({ step: 'failed', error: { code } });
			expect(next.effects).toEqual([{ type: 'forget', orderId: LINK.orderId }]);
		}
	);

	it('rebuilds from this device an order collected elsewhere once its chain arrived', () => {
		const found = record({ step: 'done', wrappedKey: WRAPPED, csrPem: CSR, chainPem: CHAIN });
		const next = step(opening({ found }), {
			type: 'summary-failed',
			error: gone('order_collected')
		});
		expect(next.pickup.alreadyCollected).toBe(true);
		expect(next.pickup.view).toMatchObject({ step: 'unlock', alreadyCollected: true });
		expect(next.effects).toEqual([]);
	});
});

describe('pickup machine: the order answered before the stored pickup is read', () => {
	/** Tab claimed: the order and the stored pickup are both on their way. */
	const reading = () => step(opening(), { type: 'tab-claimed' }).pickup;

	it('holds the order until it knows what this device holds, then goes on from the stored step', () => {
		const held = step(reading(), { type: 'summary-read', order: ORDER });
		expect(held.pickup.view).toEqual({ step: 'opening' });
		expect(held.effects).toEqual([]);
		const found = record({ step: 'pickup-password' });
		const next = step(held.pickup, { type: 'saved-read', saved: found });
		expect(next.pickup.view).toMatchObject({ step: 'pickup-password', order: ORDER });
		expect(next.pickup.saved).toMatchObject({ step: 'pickup-password', order: ORDER });
		expect(next.pickup.readingSaved).toBeNull();
		expect(next.effects.map((effect) => effect.type)).toEqual(['save', 'read-persistence']);
	});

	it('stores a new pickup at the review when nothing was stored', () => {
		const held = step(reading(), { type: 'summary-read', order: ORDER }).pickup;
		const next = step(held, { type: 'saved-read', saved: undefined });
		expect(next.pickup.view).toEqual(ORDER_REVIEW);
		expect(next.pickup.saved).toMatchObject({ step: 'review', createdAt: NOW });
	});

	it('goes on from the stored pickup when the server could not be reached', () => {
		const held = step(reading(), { type: 'summary-failed', error: offline }).pickup;
		const found = record({ step: 'pickup-password' });
		const next = step(held, { type: 'saved-read', saved: found });
		expect(next.pickup.saved).toBe(found);
		expect(next.pickup.view).toMatchObject({ step: 'pickup-password', order: ORDER });
	});

	it.each(['order_expired', 'order_cancelled', 'order_collected'] as const)(
		'deletes the stored pickup once it is read, when the server answered %s first',
		(code) => {
			const held = step(reading(), { type: 'summary-failed', error: gone(code) }).pickup;
			const found = record({ step: 'requested', wrappedKey: WRAPPED, csrPem: CSR });
			const next = step(held, { type: 'saved-read', saved: found });
			expect(next.pickup.view).toMatchObject({ step: 'failed', error: { code } });
			expect(next.effects).toEqual([{ type: 'forget', orderId: LINK.orderId }]);
		}
	);

	it('does not go on from storage that failed, whatever the order says', () => {
		const held = step(reading(), { type: 'summary-read', order: ORDER }).pickup;
		const next = step(held, { type: 'saved-read', saved: undefined, storageFailed: true });
		expect(next.pickup.storage).toBe('unavailable');
		expect(next.pickup.view).toMatchObject({ step: 'review', storage: 'unavailable' });
		expect(next.effects).toEqual([]);
	});

	it('says a stored pickup no version can read cannot be resumed, whatever the order says', () => {
		const held = step(reading(), { type: 'summary-read', order: ORDER }).pickup;
		const next = step(held, { type: 'saved-read', saved: undefined, unreadable: 'bad step' });
		expect(next.pickup.view).toMatchObject({
			step: 'failed',
			order: null,
			error: { code: 'pickup_unreadable' },
			restartable: true
		});
		expect(next.effects).toEqual([]);
	});

	it('ignores the order when it arrives after the pickup left the opening', () => {
		const unreadable = step(reading(), {
			type: 'saved-read',
			saved: undefined,
			unreadable: 'bad step'
		}).pickup;
		expect(ignores(unreadable, { type: 'summary-read', order: ORDER })).toBe(true);
		expect(ignores(unreadable, { type: 'summary-failed', error: gone('order_expired') })).toBe(
			true
		);
	});
});

describe('pickup machine: after a failure', () => {
	const failed = (retryable: boolean) =>
		({ step: 'failed', order: ORDER, error: offline, retryable, restartable: false }) as const;

	it('resumes the stored pickup when the failure may have passed', () => {
		const pickup = pickupAt(failed(true), {
			saved: record({ step: 'requested', csrPem: CSR, session: SESSION })
		});
		const next = step(pickup, { type: 'retry' });
		expect(next.pickup.view).toMatchObject({ step: 'working', stage: 'request' });
		expect(next.effects.map((effect) => effect.type)).toEqual(['request-certificate']);
	});

	it('opens the link again when nothing was stored yet', () => {
		expect(step(pickupAt(failed(true), { saved: null }), { type: 'retry' }).effects).toEqual([
			{ type: 'claim-tab', orderId: LINK.orderId, steal: false }
		]);
	});

	it('neither retries nor starts afresh after a failure that will not pass', () => {
		expect(ignores(pickupAt(failed(false)), { type: 'retry' })).toBe(true);
		expect(ignores(pickupAt(failed(false)), { type: 'start-afresh' })).toBe(true);
	});
});
