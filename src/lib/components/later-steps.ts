/**
 * The steps after the pickup password are chunks of their own, with their messages, so the first
 * screen carries only what it shows (bench/results.md, "App size"). They are fetched while the
 * applicant reads the order.
 */
export const laterSteps = {
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
