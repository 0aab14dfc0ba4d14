import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { m } from '../../../src/lib/paraglide/messages.js';
import type { FlowError } from '../../../src/lib/pickup/state.ts';
import PickupPasswordStep from '../../../src/lib/components/steps/PickupPasswordStep.svelte';
import { orderSummary } from './fixtures.ts';

afterEach(cleanup);

const wrongPassword: FlowError = {
	code: 'pickup_password_wrong',
	detail: 'wrong pickup password',
	attemptsLeft: 4
};

async function afterWrongPassword(typed: string) {
	const { rerender } = render(PickupPasswordStep, {
		order: orderSummary({ pickupAttemptsLeft: 5 }),
		busy: false,
		error: null,
		onsubmit: vi.fn()
	});
	const field = screen.getByLabelText('Pickup password') as HTMLInputElement;
	await fireEvent.input(field, { target: { value: typed } });
	const attempts = screen.getByRole('status');
	await fireEvent.click(screen.getByRole('button', { name: 'Check pickup password' }));
	await rerender({ order: orderSummary({ pickupAttemptsLeft: 4 }), error: wrongPassword });
	await tick();
	return { field, attempts };
}

describe('a wrong pickup password', () => {
	it('leaves the field focused with all of it selected, so the next one replaces it', async () => {
		const { field } = await afterWrongPassword('not-my-password');
		expect(document.activeElement).toBe(field);
		expect([field.selectionStart, field.selectionEnd]).toEqual([0, 'not-my-password'.length]);
	});

	it('announces the attempts left in the live region that was there from the start', async () => {
		const { attempts } = await afterWrongPassword('not-my-password');
		expect(attempts.isConnected).toBe(true);
		expect(attempts.textContent?.trim()).toBe(m.pickup_password_attempts({ count: 4 }));
		expect(screen.getByRole('status')).toBe(attempts);
	});
});
