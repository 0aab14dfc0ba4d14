import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextTask } from '../../../src/lib/pki/next-task.ts';

afterEach(() => vi.unstubAllGlobals());

describe('nextTask', () => {
	it('queues the rest as a task of the scheduler where the browser has one', async () => {
		const posted: (() => void)[] = [];
		vi.stubGlobal('scheduler', {
			postTask: (callback: () => void) =>
				new Promise<void>((resolve) => posted.push(() => resolve(callback())))
		});
		let resumed = false;
		const turn = nextTask().then(() => (resumed = true));
		await Promise.resolve();
		expect(posted).toHaveLength(1);
		expect(resumed).toBe(false);
		posted[0]!();
		await turn;
		expect(resumed).toBe(true);
	});

	it('is a task, not a microtask, where there is no scheduler', async () => {
		vi.stubGlobal('scheduler', undefined);
		let resumed = false;
		const turn = nextTask().then(() => (resumed = true));
		for (let microtask = 0; microtask < 10; microtask++) await Promise.resolve();
		expect(resumed).toBe(false);
		await turn;
		expect(resumed).toBe(true);
	});
});
