import { nextTask } from '$lib/pki/next-task.ts';

/**
 * Every step but the review of the order is a chunk of its own, so the first screen carries only
 * what it shows (bench/results.md, "App size"). They are fetched while the applicant reads the
 * order, in the order a pickup needs them (this object's); a pickup that fails or waits for another
 * tab before that fetches its step then.
 */
export const laterSteps = {
	pickupPassword: () => import('./steps/PickupPasswordStep.svelte'),
	certificatePassword: () => import('./steps/CertificatePasswordStep.svelte'),
	agreement: () => import('./steps/AgreementStep.svelte'),
	keyOptions: () => import('./steps/KeyOptionsStep.svelte'),
	working: () => import('./steps/WorkingStep.svelte'),
	unlock: () => import('./steps/UnlockStep.svelte'),
	done: () => import('./steps/DoneStep.svelte'),
	csrUpload: () => import('./steps/CsrUploadStep.svelte'),
	csrDone: () => import('./steps/CsrDoneStep.svelte'),
	failed: () => import('./steps/FailedStep.svelte'),
	busyElsewhere: () => import('./steps/BusyElsewhereStep.svelte')
};

// Safari has no requestIdleCallback.
function whenIdle(run: () => void): void {
	if (typeof requestIdleCallback === 'function') requestIdleCallback(() => run());
	else setTimeout(run, 0);
}

/**
 * The step a new pickup shows after the review, fetched while the order is read: an applicant who
 * continues at once (the order was checked on the phone, the link opened on the computer) finds its
 * form there instead of waiting a round trip for it.
 */
export function preloadStepAfterReview(): void {
	// In a task of its own: a dynamic import adds a preload link per module it needs, about 10 ms
	// here, which the task mounting the pickup does not need to carry.
	void nextTask()
		.then(() => laterSteps.pickupPassword())
		.catch(() => undefined);
}

/**
 * One step per idle moment: starting every import at once adds a preload link per chunk and
 * evaluates what has arrived in the task that renders the review, which made that a long task.
 */
export function preloadLaterSteps(): void {
	const pending = Object.values(laterSteps);
	const next = () => {
		const load = pending.shift();
		if (!load) return;
		void load().catch(() => undefined);
		whenIdle(next);
	};
	whenIdle(next);
}
