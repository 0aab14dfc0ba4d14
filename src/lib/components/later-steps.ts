/**
 * Every step but the review of the order is a chunk of its own, so the first screen carries only
 * what it shows (bench/results.md, "App size"). They are fetched while the applicant reads the
 * order; a pickup that fails or waits for another tab before that fetches its step then.
 */
export const laterSteps = {
	busyElsewhere: () => import('./steps/BusyElsewhereStep.svelte'),
	failed: () => import('./steps/FailedStep.svelte'),
	pickupPassword: () => import('./steps/PickupPasswordStep.svelte'),
	certificatePassword: () => import('./steps/CertificatePasswordStep.svelte'),
	agreement: () => import('./steps/AgreementStep.svelte'),
	keyOptions: () => import('./steps/KeyOptionsStep.svelte'),
	working: () => import('./steps/WorkingStep.svelte'),
	unlock: () => import('./steps/UnlockStep.svelte'),
	done: () => import('./steps/DoneStep.svelte'),
	csrUpload: () => import('./steps/CsrUploadStep.svelte'),
	csrDone: () => import('./steps/CsrDoneStep.svelte')
};

export function preloadLaterSteps(): void {
	for (const load of Object.values(laterSteps)) void load().catch(() => undefined);
}
