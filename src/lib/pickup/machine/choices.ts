import type { OrderSummary } from '../../api/types.ts';
import type { KeyChoice } from '../../store/schema.ts';
import { meetsPolicy, meetsTargetLimits } from '../password-policy.ts';
import type { FlowError } from '../state.ts';
import { recommendedKeyChoice, type UseTarget } from '../use-target.ts';
import { advance, andThen, releasePrepared, save, show, stay } from './moves.ts';
import type { Clock, Pickup, Step } from './states.ts';
import { pickupPasswordView, workingView } from './views.ts';

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
	const chosen = prepareDerivations(
		{ ...pickup, password: event.password, target },
		view.order,
		clock
	);
	return andThen(chosen, (next) =>
		next.saved?.agreement?.version === view.order.agreement.version
			? toKeyOptions(next, view.order, clock)
			: advance(next, 'agreement', { step: 'agreement', order: view.order, error: null }, clock)
	);
}

/**
 * Starts the certificate password's derivations in the crypto worker: they need neither the key
 * nor the certificate, and take most of the time from Create to the file. The .p12's are for the
 * profile the key options will offer; another choice derives its own at Create.
 */
function prepareDerivations(pickup: Pickup, order: OrderSummary, clock: Clock): Step {
	const { password, link } = pickup;
	if (!password || !link) return stay(pickup);
	const handle = `${link.orderId} ${clock.now.toISOString()} ${clock.random}`;
	const { profile } = likelyKeyChoice(pickup, order);
	return andThen(releasePrepared(pickup), (next) =>
		stay({ ...next, prepared: handle }, { type: 'prepare-derivations', handle, password, profile })
	);
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
		return andThen(releasePrepared({ ...aimed, password: null }), (next) =>
			askCertificatePassword(next, view.order, false, {
				code: 'password_target_limit',
				detail: `the certificate password exceeds the limits of ${target}`
			})
		);
	}
	const order = view.order;
	return andThen(save(aimed, { keyChoice: choice }, clock), (next) =>
		show(next, workingView(order, 'key'), {
			type: 'make-key',
			order,
			choice,
			password,
			prepared: next.prepared
		})
	);
}

export function toKeyOptions(pickup: Pickup, order: OrderSummary, clock: Clock): Step {
	const view = {
		step: 'key-options' as const,
		order,
		choice: likelyKeyChoice(pickup, order),
		target: useTarget(pickup),
		error: null
	};
	return advance(pickup, 'key-options', view, clock);
}

/** The choice the key options offer first: the one stored, else the one the target recommends. */
function likelyKeyChoice(pickup: Pickup, order: OrderSummary): KeyChoice {
	return pickup.saved?.keyChoice ?? recommendedKeyChoice(useTarget(pickup), order);
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
