import { toKeyOptions, askCertificatePassword } from './choices.ts';
import { deliver } from './delivery.ts';
import { startPolling, startSending } from './issuance.ts';
import { show, stay, usableSession } from './moves.ts';
import type { Clock, Pickup, Step } from './states.ts';
import { pickupPasswordView, reviewView } from './views.ts';

/**
 * Enters the state that belongs to the stored record's step: the one place that maps what a
 * device stored to where the pickup goes on. Passwords are never stored, and the pickup session
 * may have ended while the app was closed, so both may be asked again.
 */
export function resume(pickup: Pickup, clock: Clock): Step {
	const { saved } = pickup;
	if (!saved) return stay(pickup);
	const { order } = saved;
	const session = usableSession(pickup, clock);
	switch (saved.step) {
		case 'review':
			return show(pickup, reviewView(pickup, order, clock));
		case 'pickup-password':
			return show(pickup, pickupPasswordView(order));
		case 'certificate-password':
		case 'agreement':
		case 'key-options':
			if (!session) return show(pickup, pickupPasswordView(order));
			if (pickup.password && saved.step === 'key-options')
				return toKeyOptions(pickup, order, clock);
			if (pickup.password && saved.step === 'agreement') {
				return show(pickup, { step: 'agreement', order, error: null });
			}
			return askCertificatePassword(pickup, order, saved.step !== 'certificate-password', null);
		case 'requested':
			return session ? startSending(pickup, clock) : show(pickup, pickupPasswordView(order));
		case 'pending':
			return startPolling(pickup, saved.retryAfterSeconds ?? 1, clock);
		case 'issued':
		case 'done':
			return deliver(pickup);
	}
}
