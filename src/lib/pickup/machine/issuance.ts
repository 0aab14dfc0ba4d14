import type { IssuanceResult } from '../../api/types.ts';
import { isRetryable } from '../errors.ts';
import type { FlowError } from '../state.ts';
import { deliver } from './delivery.ts';
import { andThen, retryDelay, save, show, stay, usableSession, workFailed } from './moves.ts';
import { sessionEnded } from './pickup-password.ts';
import type { Clock, Pickup, Step } from './states.ts';
import { pickupPasswordView, workingView } from './views.ts';

/**
 * From the new key to the certificate. The wrapped key and the request are stored before the
 * request leaves, so nothing is lost with the tab from here on. Offline, or while the server is
 * in trouble, the request and the polls wait and go again by themselves (when the connection
 * returns, else after a growing, jittered delay): a request prepared on a train goes out when
 * the train reaches a station.
 */

export function keyMade(
	pickup: Pickup,
	made: { privateKeyPkcs8: Uint8Array; wrappedKey: Uint8Array; csrPem: string },
	clock: Clock
): Step {
	const held = { ...pickup, privateKeyPkcs8: made.privateKeyPkcs8 };
	const changes = { step: 'requested', wrappedKey: made.wrappedKey, csrPem: made.csrPem } as const;
	const stored = andThen(save(held, changes, clock), (next) => prepareKeyBag(next, made));
	return andThen(stored, (next) => startSending(next, clock));
}

/** Listed before the request, never awaited: the key bag is encrypted while the request is out. */
function prepareKeyBag(pickup: Pickup, made: { privateKeyPkcs8: Uint8Array }): Step {
	const { prepared: handle, saved } = pickup;
	if (!handle || !saved?.keyChoice) return stay(pickup);
	const { privateKeyPkcs8 } = made;
	const profile = saved.keyChoice.profile;
	return stay(pickup, { type: 'prepare-key-bag', handle, privateKeyPkcs8, profile });
}

export function startSending(pickup: Pickup, clock: Clock): Step {
	return send({ ...pickup, failures: 0 }, clock);
}

/** Sends the stored request. */
function send(pickup: Pickup, clock: Clock): Step {
	const { saved, link } = pickup;
	if (!saved?.csrPem || !link) return stay(pickup);
	const session = usableSession(pickup, clock);
	if (!session) return show(pickup, pickupPasswordView(saved.order));
	const agreementVersion = saved.agreement?.version ?? saved.order.agreement.version;
	return show(pickup, workingView(saved.order, 'request'), {
		type: 'request-certificate',
		orderId: link.orderId,
		session,
		body: { csr: saved.csrPem, agreementVersion }
	});
}

export function requestFailed(pickup: Pickup, error: FlowError, clock: Clock): Step {
	const order = pickup.saved?.order;
	if (error.code === 'session_invalid') return sessionEnded(pickup, error, clock);
	if (!order || !isRetryable(error)) return workFailed(pickup, error);
	const failures = pickup.failures + 1;
	const delay = retryDelay(failures, error.retryAfterSeconds, clock);
	return show({ ...pickup, failures }, workingView(order, 'request', delay, error), {
		type: 'wait',
		seconds: delay,
		then: 'send'
	});
}

/** What the CA answered to the request. */
export function issued(pickup: Pickup, result: IssuanceResult, clock: Clock): Step {
	if (result.status === 'issued') return chainArrived(pickup, result.chainPem, clock);
	const pending = save(
		pickup,
		{ step: 'pending', retryAfterSeconds: result.retryAfterSeconds },
		clock
	);
	return andThen(pending, (next) => startPolling(next, result.retryAfterSeconds, clock));
}

/** Asks again after the CA's delay; a lost connection waits longer each time instead of failing. */
export function startPolling(pickup: Pickup, retryAfterSeconds: number, clock: Clock): Step {
	return waitToPoll({ ...pickup, failures: 0 }, retryAfterSeconds, null, clock);
}

export function retryDue(pickup: Pickup, of: 'send' | 'poll', clock: Clock): Step {
	if (of === 'send') return send(pickup, clock);
	const { link } = pickup;
	if (!link) return stay(pickup);
	const session = usableSession(pickup, clock);
	const credential = session ? { session } : { linkSecret: link.linkSecret };
	return stay(pickup, { type: 'fetch-certificate', orderId: link.orderId, credential });
}

export function polled(pickup: Pickup, result: IssuanceResult, clock: Clock): Step {
	if (result.status === 'issued') return chainArrived(pickup, result.chainPem, clock);
	return waitToPoll({ ...pickup, failures: 0 }, result.retryAfterSeconds, null, clock);
}

export function pollFailed(pickup: Pickup, error: FlowError, clock: Clock): Step {
	if (!isRetryable(error)) return workFailed(pickup, error);
	const failures = pickup.failures + 1;
	return waitToPoll({ ...pickup, failures }, error.retryAfterSeconds, error, clock);
}

function waitToPoll(
	pickup: Pickup,
	serverDelaySeconds: number | undefined,
	error: FlowError | null,
	clock: Clock
): Step {
	const order = pickup.saved?.order;
	if (!order) return stay(pickup);
	const delay = retryDelay(pickup.failures, serverDelaySeconds, clock);
	return show(pickup, workingView(order, 'waiting', delay, error), {
		type: 'wait',
		seconds: delay,
		then: 'poll'
	});
}

/** Stored the moment it arrives: the certificate is public, and with the wrapped key it rebuilds the file. */
function chainArrived(pickup: Pickup, chainPem: string, clock: Clock): Step {
	return andThen(save(pickup, { step: 'issued', chainPem }, clock), deliver);
}
