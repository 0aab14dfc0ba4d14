import { isRetryable } from '../errors.ts';
import type { FlowError } from '../state.ts';
import { andThen, fail, save, show, stay } from './moves.ts';
import { resume } from './resume.ts';
import type { Clock, Pickup, Step } from './states.ts';
import { pickupPasswordView, shownOrder } from './views.ts';

/** The pickup password opens a session with the server; a wrong one leaves fewer attempts. */

export function submitPickupPassword(pickup: Pickup, pickupPassword: string): Step {
	const { view, link } = pickup;
	if (view.step !== 'pickup-password' || view.busy || !link) return stay(pickup);
	return show(
		pickup,
		{ ...view, busy: true, error: null },
		{ type: 'open-session', link, pickupPassword }
	);
}

export function sessionOpened(
	pickup: Pickup,
	session: { token: string; expiresAt: string },
	clock: Clock
): Step {
	const step = pickup.saved?.step;
	const firstTime = step === 'review' || step === 'pickup-password';
	const changes = firstTime ? { session, step: 'certificate-password' as const } : { session };
	return andThen(save(pickup, changes, clock), (next) => resume(next, clock));
}

export function sessionRefused(pickup: Pickup, error: FlowError): Step {
	const { view } = pickup;
	if (view.step !== 'pickup-password') return stay(pickup);
	if (error.code === 'pickup_password_wrong') {
		const attemptsLeft = error.attemptsLeft ?? view.order.pickupAttemptsLeft;
		return show(
			pickup,
			pickupPasswordView({ ...view.order, pickupAttemptsLeft: attemptsLeft }, error)
		);
	}
	if (isRetryable(error)) return show(pickup, { ...view, busy: false, error });
	return fail(pickup, error, view.order);
}

/** The session ended (or the server says so): the pickup password is asked again. */
export function sessionEnded(pickup: Pickup, error: FlowError | null, clock: Clock): Step {
	const order = shownOrder(pickup.view) ?? pickup.saved?.order;
	const forgotten = save(pickup, { session: undefined }, clock);
	return order
		? andThen(forgotten, (next) => show(next, pickupPasswordView(order, error)))
		: forgotten;
}
