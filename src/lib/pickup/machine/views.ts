import type { OrderSummary } from '../../api/types.ts';
import { isRetryable } from '../errors.ts';
import type { FlowError, PickupState, WorkStage } from '../state.ts';
import type { Clock, Pickup } from './states.ts';

/** The screens several transitions lead to, each built in one place. */

export function reviewView(pickup: Pickup, order: OrderSummary, clock: Clock): PickupState {
	return {
		step: 'review',
		order,
		storage: pickup.storage,
		storageCap: storageCap(pickup, order, clock),
		error: null
	};
}

export function pickupPasswordView(
	order: OrderSummary,
	error: FlowError | null = null
): PickupState {
	return { step: 'pickup-password', order, busy: false, error };
}

export function workingView(
	order: OrderSummary,
	stage: WorkStage,
	retryAfterSeconds: number | null = null,
	error: FlowError | null = null
): PickupState {
	return { step: 'working', order, stage, retryAfterSeconds, error };
}

export function failedView(error: FlowError, order: OrderSummary | null): PickupState {
	return {
		step: 'failed',
		order,
		error,
		retryable: isRetryable(error),
		restartable: error.code === 'pickup_unreadable'
	};
}

/** The order on the screen, if the screen shows one. */
export function shownOrder(view: PickupState): OrderSummary | null {
	return 'order' in view ? view.order : null;
}

function storageCap(pickup: Pickup, order: OrderSummary, clock: Clock) {
	const days = pickup.setup.storageCapDays;
	if (!days || pickup.storage === 'unavailable') return null;
	const capped = clock.now.getTime() + days * 86_400_000;
	const deadline = Date.parse(order.pickupDeadline);
	return { days, safeUntil: new Date(Math.min(capped, deadline)).toISOString() };
}
