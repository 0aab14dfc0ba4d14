import type { OrderSummary } from '../../api/types';
import type { KeyChoice } from '../../store/schema';
import { meetsPolicy, meetsTargetLimits } from '../password-policy';
import type { FlowError } from '../state';
import { recommendedKeyChoice, type UseTarget } from '../use-target';
import { advance, andThen, save, show, stay } from './moves';
import type { Clock, Pickup, Step } from './states';
import { pickupPasswordView, workingView } from './views';

/** The steps the applicant completes by hand: review, certificate password, agreement, key options. */

export function confirmReview(pickup: Pickup, clock: Clock): Step {
	const { view } = pickup;
	if (view.step !== 'review') return stay(pickup);
	const asked =
		pickup.storage === 'best-effort' ? stay(pickup, { type: 'request-persistence' }) : stay(pickup);
	return andThen(asked, (next) =>
		advance(next, 'pickup-password', pickupPasswordView(view.order), clock)
	);
}

/** `target`: the applicant's answer to "Where will you use this certificate?", else the one shown. */
export function submitCertificatePassword(
	pickup: Pickup,
	event: { password: string; confirmation: string; target?: UseTarget },
	clock: Clock
): Step {
	const { view } = pickup;
	if (view.step !== 'certificate-password') return stay(pickup);
	const target = event.target ?? view.target;
	const rejection = checkNewPassword(view.order, event.password, event.confirmation, target);
	if (rejection) return show(pickup, { ...view, target, error: rejection });
	const chosen = { ...pickup, password: event.password, target };
	if (pickup.saved?.agreement?.version === view.order.agreement.version) {
		return toKeyOptions(chosen, view.order, clock);
	}
	return advance(chosen, 'agreement', { step: 'agreement', order: view.order, error: null }, clock);
}

export function acceptAgreement(pickup: Pickup, accepted: boolean, clock: Clock): Step {
	const { view } = pickup;
	if (view.step !== 'agreement') return stay(pickup);
	if (!accepted) {
		const error = {
			code: 'agreement_not_accepted',
			detail: 'the agreement box is not ticked'
		} as const;
		return show(pickup, { ...view, error });
	}
	const agreement = { version: view.order.agreement.version, acceptedAt: clock.now.toISOString() };
	return andThen(save(pickup, { agreement }, clock), (next) =>
		toKeyOptions(next, view.order, clock)
	);
}

/** `target` may differ from the one the password was chosen for: the password must suit it too. */
export function chooseKeyOptions(
	pickup: Pickup,
	event: { choice: KeyChoice; target?: UseTarget },
	clock: Clock
): Step {
	const { view, password } = pickup;
	if (view.step !== 'key-options') return stay(pickup);
	const { choice } = event;
	const target = event.target ?? view.target;
	if (!view.order.keyPolicy.allowed.includes(choice.algorithm)) {
		const error = { code: 'pki:key_algorithm_not_allowed', detail: choice.algorithm } as const;
		return show(pickup, { ...view, choice, target, error });
	}
	const aimed = { ...pickup, target };
	if (!password) return askCertificatePassword(aimed, view.order, true, null);
	if (!meetsTargetLimits(password, view.order.passwordPolicy, target)) {
		return askCertificatePassword({ ...aimed, password: null }, view.order, false, {
			code: 'password_target_limit',
			detail: `the certificate password exceeds the limits of ${target}`
		});
	}
	const order = view.order;
	return andThen(save(aimed, { keyChoice: choice }, clock), (next) =>
		show(next, workingView(order, 'key'), { type: 'make-key', order, choice, password })
	);
}

export function toKeyOptions(pickup: Pickup, order: OrderSummary, clock: Clock): Step {
	const target = useTarget(pickup);
	const choice = pickup.saved?.keyChoice ?? recommendedKeyChoice(target, order);
	return advance(
		pickup,
		'key-options',
		{ step: 'key-options', order, choice, target, error: null },
		clock
	);
}

export function askCertificatePassword(
	pickup: Pickup,
	order: OrderSummary,
	again: boolean,
	error: FlowError | null
): Step {
	return show(pickup, {
		step: 'certificate-password',
		order,
		target: useTarget(pickup),
		again,
		error
	});
}

function useTarget(pickup: Pickup): UseTarget {
	return pickup.target ?? pickup.setup.defaultTarget;
}

function checkNewPassword(
	order: OrderSummary,
	password: string,
	confirmation: string,
	target: UseTarget
): FlowError | null {
	if (!meetsPolicy(password, order.passwordPolicy)) {
		return { code: 'password_policy', detail: 'the certificate password does not meet the policy' };
	}
	if (!meetsTargetLimits(password, order.passwordPolicy, target)) {
		return { code: 'password_target_limit', detail: `beyond the limits of ${target}` };
	}
	if (password !== confirmation) {
		return { code: 'password_mismatch', detail: 'the confirmation differs from the password' };
	}
	return null;
}
