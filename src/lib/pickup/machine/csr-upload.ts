import type { FlowError } from '../state.ts';
import { toKeyOptions } from './choices.ts';
import { startSending } from './issuance.ts';
import { andThen, save, show, stay } from './moves.ts';
import type { Clock, Pickup, Step } from './states.ts';

/** "I already have a CSR" (servers, HSMs): the alternative path from the key options. */

export function startCsrUpload(pickup: Pickup): Step {
	const { view } = pickup;
	if (view.step !== 'key-options') return stay(pickup);
	return show(pickup, { step: 'csr-upload', order: view.order, busy: false, error: null });
}

export function cancelCsrUpload(pickup: Pickup, clock: Clock): Step {
	const { view } = pickup;
	return view.step === 'csr-upload' ? toKeyOptions(pickup, view.order, clock) : stay(pickup);
}

export function submitCsr(pickup: Pickup, input: string | Uint8Array): Step {
	const { view } = pickup;
	if (view.step !== 'csr-upload' || view.busy) return stay(pickup);
	return show(
		pickup,
		{ ...view, busy: true, error: null },
		{ type: 'check-csr', input, order: view.order }
	);
}

/** The uploaded request matches the order: it is stored, then sent; no key is held here. */
export function csrAccepted(pickup: Pickup, csrPem: string, clock: Clock): Step {
	const changes = {
		step: 'requested',
		csrPem,
		wrappedKey: undefined,
		keyChoice: undefined
	} as const;
	return andThen(save(pickup, changes, clock), (next) => startSending(next, clock));
}

export function csrRefused(pickup: Pickup, error: FlowError): Step {
	const { view } = pickup;
	return view.step === 'csr-upload' ? show(pickup, { ...view, busy: false, error }) : stay(pickup);
}
