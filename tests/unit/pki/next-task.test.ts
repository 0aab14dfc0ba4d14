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

	it('lets a task queued before it run first where there is no scheduler', async () => {
		vi.stubGlobal('scheduler', undefined);
		const order: string[] = [];
		setImmediate(() => order.push('queued before'));
		await nextTask();
		order.push('after the turn');
		expect(order).toEqual(['queued before', 'after the turn']);
	});
});
