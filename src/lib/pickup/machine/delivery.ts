import type { FlowError } from '../state.ts';
import type { BuiltFiles } from './events.ts';
import { andThen, forget, releasePrepared, save, show, stay, usableSession } from './moves.ts';
import { sessionEnded } from './pickup-password.ts';
import type { Clock, Pickup, Step } from './states.ts';
import { workingView } from './views.ts';

/**
 * From the stored chain to the files, and the applicant's "I have saved my file". The .p12 needs
 * the key and the certificate password; after the app was closed, the password opens the stored
 * key again.
 */

export function deliver(pickup: Pickup): Step {
	const { saved, privateKeyPkcs8, password, alreadyCollected, delivered } = pickup;
	// Back from the pickup password that an acknowledgement needed: the files are already built.
	if (delivered) return show(pickup, delivered);
	if (!saved?.chainPem || !saved.csrPem) return stay(pickup);
	const { order, chainPem, csrPem } = saved;
	if (!saved.wrappedKey) {
		return show(pickup, workingView(order, 'building'), {
			type: 'build-csr-files',
			params: { chainPem, csrPem, order }
		});
	}
	if (!privateKeyPkcs8 || !password) {
		return show(pickup, { step: 'unlock', order, busy: false, alreadyCollected, error: null });
	}
	const profile = saved.keyChoice?.profile ?? 'modern';
	const { prepared } = pickup;
	return show(pickup, workingView(order, 'building'), {
		type: 'build-p12',
		params: { chainPem, csrPem, order, privateKeyPkcs8, password, profile, prepared }
	});
}

/** The certificate password opens the stored key, after the app was closed while the CA issued. */
export function unlock(pickup: Pickup, password: string): Step {
	const { view } = pickup;
	const wrappedKey = pickup.saved?.wrappedKey;
	if (view.step !== 'unlock' || view.busy || !wrappedKey) return stay(pickup);
	return show(
		pickup,
		{ ...view, busy: true, error: null },
		{ type: 'unwrap-key', wrappedKey, password }
	);
}

export function keyUnwrapped(
	pickup: Pickup,
	opened: { privateKeyPkcs8: Uint8Array; password: string }
): Step {
	return deliver({ ...pickup, ...opened });
}

export function unwrapFailed(pickup: Pickup, error: FlowError): Step {
	const { view } = pickup;
	return view.step === 'unlock' ? show(pickup, { ...view, busy: false, error }) : stay(pickup);
}

/** The files are built: stored as done, and kept to be offered again without a second build. */
export function filesBuilt(pickup: Pickup, files: BuiltFiles, clock: Clock): Step {
	const { saved, alreadyCollected } = pickup;
	if (!saved) return stay(pickup);
	const done = { ...files, order: saved.order, acknowledged: false, alreadyCollected, error: null };
	const stored = save({ ...pickup, delivered: done }, { step: 'done' }, clock);
	return andThen(andThen(stored, releasePrepared), (next) => show(next, done));
}

/**
 * Spending the link takes the session: the link alone (a forwarded e-mail) must not mark a
 * certificate collected. After the session ended, the pickup password is asked again; the file
 * is then offered once more before the acknowledgement.
 */
export function acknowledge(pickup: Pickup, clock: Clock): Step {
	const { view, link } = pickup;
	if ((view.step !== 'done' && view.step !== 'csr-done') || view.acknowledged || !link) {
		return stay(pickup);
	}
	if (view.alreadyCollected) return acknowledged(pickup);
	const session = usableSession(pickup, clock);
	if (!session) return sessionEnded(pickup, null, clock);
	return stay(pickup, { type: 'acknowledge', orderId: link.orderId, session });
}

/** Collected: what this device held for the order is of no use any more. */
export function acknowledged(pickup: Pickup): Step {
	const { view } = pickup;
	if (view.step !== 'done' && view.step !== 'csr-done') return stay(pickup);
	return andThen(forget(pickup), (next) =>
		show(next, { ...view, acknowledged: true, error: null })
	);
}

export function acknowledgeFailed(pickup: Pickup, error: FlowError, clock: Clock): Step {
	const { view } = pickup;
	if (error.code === 'session_invalid') return sessionEnded(pickup, null, clock);
	if (view.step !== 'done' && view.step !== 'csr-done') return stay(pickup);
	return show(pickup, { ...view, error });
}
