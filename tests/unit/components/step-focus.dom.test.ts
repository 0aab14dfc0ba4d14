import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import PickupPasswordStep from '../../../src/lib/components/steps/PickupPasswordStep.svelte';
import { orderSummary } from './fixtures.ts';

afterEach(cleanup);

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

function showPickupPasswordStep() {
	render(PickupPasswordStep, {
		order: orderSummary(),
		busy: false,
		error: null,
		onsubmit: vi.fn()
	});
	return {
		heading: screen.getByRole('heading', { name: 'Enter your pickup password' }),
		field: screen.getByLabelText('Pickup password') as HTMLInputElement
	};
}

describe('the focus when a step appears', () => {
	it('goes to the step heading, so a screen reader reads the new step', async () => {
		const { heading } = showPickupPasswordStep();
		await nextFrame();
		expect(document.activeElement).toBe(heading);
	});

	it('stays in a field the applicant is already typing in before the first frame', async () => {
		const { field } = showPickupPasswordStep();
		field.focus();
		await fireEvent.input(field, { target: { value: 'ba8c-s9' } });
		await nextFrame();
		expect(document.activeElement).toBe(field);
	});
});
