import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	laterSteps,
	preloadLaterSteps,
	preloadStepAfterReview
} from '../../../src/lib/components/later-steps.ts';

afterEach(() => {
	vi.restoreAllMocks();
	vi.unstubAllGlobals();
});

describe('fetching the later steps while the order is read', () => {
	it('starts one step per idle moment, in the order a pickup needs them, past a failed fetch', async () => {
		const idle: (() => void)[] = [];
		vi.stubGlobal('requestIdleCallback', (run: () => void) => idle.push(run));
		const started: string[] = [];
		for (const name of Object.keys(laterSteps) as (keyof typeof laterSteps)[]) {
			const load = () => {
				started.push(name);
				return name === 'agreement'
					? Promise.reject(new Error('offline'))
					: Promise.resolve({ default: (() => undefined) as never });
			};
			vi.spyOn(laterSteps, name).mockImplementation(load as (typeof laterSteps)[typeof name]);
		}

		preloadLaterSteps();
		expect(started).toEqual([]);
		idle.shift()!();
		expect(started).toEqual(['pickupPassword']);
		while (idle.length) idle.shift()!();
		await Promise.resolve();

		expect(started).toEqual([
			'pickupPassword',
			'certificatePassword',
			'agreement',
			'keyOptions',
			'working',
			'unlock',
			'done',
			'csrUpload',
			'csrDone',
			'failed',
			'busyElsewhere'
		]);
	});

	it('fetches the step after the review in the next task, and a failed fetch is left to the step to show', async () => {
		const idle: (() => void)[] = [];
		vi.stubGlobal('requestIdleCallback', (run: () => void) => idle.push(run));
		const pickupPassword = vi
			.spyOn(laterSteps, 'pickupPassword')
			.mockImplementation(() => Promise.reject(new Error('offline')));

		preloadStepAfterReview();
		expect(pickupPassword).not.toHaveBeenCalled();

		await vi.waitFor(() => expect(pickupPassword).toHaveBeenCalledTimes(1));
		expect(idle).toEqual([]);
	});
});
