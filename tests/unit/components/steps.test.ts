// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorText } from '../../../src/lib/components/error-text';
import AgreementStep from '../../../src/lib/components/steps/AgreementStep.svelte';
import CsrUploadStep from '../../../src/lib/components/steps/CsrUploadStep.svelte';
import FailedStep from '../../../src/lib/components/steps/FailedStep.svelte';
import KeyOptionsStep from '../../../src/lib/components/steps/KeyOptionsStep.svelte';
import PickupPasswordStep from '../../../src/lib/components/steps/PickupPasswordStep.svelte';
import ReviewStep from '../../../src/lib/components/steps/ReviewStep.svelte';
import { orderSummary } from './fixtures';

afterEach(cleanup);

describe('ReviewStep', () => {
	it('shows every subject field, the alternative names and the days left', () => {
		render(ReviewStep, { order: orderSummary(), storage: 'persistent', oncontinue: vi.fn() });
		expect(screen.getByText('Jan Peeters')).toBeTruthy();
		expect(screen.getByText('Example BV')).toBeTruthy();
		expect(screen.getAllByText('jan@example.be')).toHaveLength(2);
		expect(screen.getByText(/in 29 days/)).toBeTruthy();
		expect(screen.queryByText(/may clear the app's storage/)).toBeNull();
	});

	it('warns when the browser may drop the pickup', () => {
		render(ReviewStep, { order: orderSummary(), storage: 'best-effort', oncontinue: vi.fn() });
		expect(screen.getByText(/may clear the app's storage/)).toBeTruthy();
	});
});

describe('PickupPasswordStep', () => {
	it('is disabled until something is typed, and shows the attempts left', async () => {
		const onsubmit = vi.fn();
		render(PickupPasswordStep, {
			order: orderSummary({ pickupAttemptsLeft: 3 }),
			busy: false,
			error: null,
			onsubmit
		});
		const button = screen.getByRole('button', {
			name: 'Check pickup password'
		}) as HTMLButtonElement;
		expect(button.disabled).toBe(true);
		expect(screen.getByText('Attempts left: 3')).toBeTruthy();
		await fireEvent.input(screen.getByLabelText('Pickup password'), { target: { value: 'x' } });
		expect(button.disabled).toBe(false);
		await fireEvent.click(button);
		expect(onsubmit).toHaveBeenCalledWith('x');
	});

	it('explains a forgotten pickup password with whom to contact', () => {
		render(PickupPasswordStep, {
			order: orderSummary(),
			busy: false,
			error: null,
			onsubmit: vi.fn()
		});
		expect(screen.getByText(/Contact support@ca.example/)).toBeTruthy();
	});
});

describe('AgreementStep', () => {
	it('passes whether the box was ticked', async () => {
		const onaccept = vi.fn();
		render(AgreementStep, { order: orderSummary(), error: null, onaccept });
		await fireEvent.click(screen.getByRole('button', { name: 'Accept and continue' }));
		await fireEvent.click(screen.getByLabelText('I have read and accept the subscriber agreement'));
		await fireEvent.click(screen.getByRole('button', { name: 'Accept and continue' }));
		expect(onaccept.mock.calls).toEqual([[false], [true]]);
		expect(screen.getByRole('region', { name: 'Subscriber agreement' })).toBeTruthy();
	});
});

describe('KeyOptionsStep', () => {
	it('offers only the allowed key types, marks the recommended one, and hands over the choice', async () => {
		const onchoose = vi.fn();
		render(KeyOptionsStep, {
			order: orderSummary(),
			choice: { algorithm: 'P-256', profile: 'modern' },
			error: null,
			onchoose,
			onhavecsr: vi.fn()
		});
		expect(screen.getAllByRole('radio', { name: /RSA|Elliptic/ })).toHaveLength(2);
		expect(screen.getByLabelText(/P-256/).closest('label')?.textContent).toContain('recommended');
		await fireEvent.click(screen.getByLabelText(/RSA 2048/));
		await fireEvent.click(screen.getByLabelText(/Compatible/));
		await fireEvent.click(screen.getByRole('button', { name: 'Create my certificate' }));
		expect(onchoose).toHaveBeenCalledWith({ algorithm: 'RSA-2048', profile: 'legacy' });
	});
});

describe('CsrUploadStep', () => {
	it('sends pasted text and goes back on request', async () => {
		const onsubmit = vi.fn();
		const oncancel = vi.fn();
		render(CsrUploadStep, { busy: false, error: null, onsubmit, oncancel });
		const send = screen.getByRole('button', { name: 'Send the request' }) as HTMLButtonElement;
		expect(send.disabled).toBe(true);
		await fireEvent.input(screen.getByLabelText('Certificate request (PEM)'), {
			target: { value: 'PEM' }
		});
		await fireEvent.click(send);
		await fireEvent.click(screen.getByRole('button', { name: 'Back to key options' }));
		expect(onsubmit).toHaveBeenCalledWith('PEM');
		expect(oncancel).toHaveBeenCalled();
	});
});

describe('FailedStep', () => {
	it('offers a retry only for failures that may pass', async () => {
		const onretry = vi.fn();
		const { unmount } = render(FailedStep, {
			order: orderSummary(),
			error: { code: 'network', detail: '' },
			retryable: true,
			onretry
		});
		await fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
		expect(onretry).toHaveBeenCalled();
		unmount();
		render(FailedStep, {
			order: null,
			error: { code: 'order_expired', detail: '' },
			retryable: false,
			onretry
		});
		expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
		expect(screen.getByRole('alert').textContent).toContain(
			'pickup deadline for this order has passed'
		);
	});
});

describe('errorText', () => {
	it('gives PKI failures their own sentence', () => {
		expect(errorText({ code: 'pki:chain_leaf_key_mismatch', detail: '' })).toContain(
			'not for the key made on this device'
		);
		expect(errorText({ code: 'pki:key_unwrap_wrong_password', detail: '' })).toContain(
			'not the certificate password'
		);
	});

	it('adds the attempts left', () => {
		expect(errorText({ code: 'pickup_password_wrong', detail: '', attemptsLeft: 2 })).toBe(
			'That pickup password is not correct. 2 attempts left before the order locks.'
		);
	});
});
