import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import CertificatePasswordStep from '../../../src/lib/components/steps/CertificatePasswordStep.svelte';
import { orderSummary } from './fixtures.ts';

afterEach(cleanup);

describe('CertificatePasswordStep', () => {
	it('ticks the policy rules off as the password is typed', async () => {
		render(CertificatePasswordStep, {
			order: orderSummary(),
			error: null,
			again: false,
			useTarget: 'windows',
			onsubmit: vi.fn()
		});
		const lengthRule = screen.getByText(/at least 12 characters/).closest('li');
		expect(lengthRule?.classList.contains('met')).toBe(false);
		await fireEvent.input(screen.getByLabelText('Certificate password'), {
			target: { value: 'Abcdefgh1234' }
		});
		expect(lengthRule?.classList.contains('met')).toBe(true);
		expect(lengthRule?.textContent).toContain('(met)');
	});

	it('shows the flow error in an alert', async () => {
		render(CertificatePasswordStep, {
			order: orderSummary(),
			error: { code: 'password_mismatch', detail: '' },
			again: false,
			useTarget: 'windows',
			onsubmit: vi.fn()
		});
		await vi.waitFor(() =>
			expect(screen.getByRole('alert').textContent).toContain(
				'The two certificate passwords are not the same.'
			)
		);
	});

	it('hands both fields to onsubmit', async () => {
		const onsubmit = vi.fn();
		render(CertificatePasswordStep, {
			order: orderSummary(),
			error: null,
			again: false,
			useTarget: 'windows',
			onsubmit
		});
		await fireEvent.input(screen.getByLabelText('Certificate password'), {
			target: { value: 'Abcdefgh1234' }
		});
		await fireEvent.input(screen.getByLabelText('Repeat the certificate password'), {
			target: { value: 'Abcdefgh1235' }
		});
		await fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
		expect(onsubmit).toHaveBeenCalledWith('Abcdefgh1234', 'Abcdefgh1235', 'windows');
	});
});

describe('CertificatePasswordStep extras', () => {
	it('shows and hides the password', async () => {
		render(CertificatePasswordStep, {
			order: orderSummary(),
			error: null,
			again: false,
			useTarget: 'windows',
			onsubmit: vi.fn()
		});
		const field = screen.getByLabelText('Certificate password') as HTMLInputElement;
		expect(field.type).toBe('password');
		const toggle = screen.getByRole('button', { name: 'Show Certificate password' });
		await fireEvent.click(toggle);
		expect(field.type).toBe('text');
		expect(toggle.getAttribute('aria-pressed')).toBe('true');
	});

	it('rates the password once the estimator has loaded', async () => {
		render(CertificatePasswordStep, {
			order: orderSummary(),
			error: null,
			again: false,
			useTarget: 'windows',
			onsubmit: vi.fn()
		});
		await fireEvent.input(screen.getByLabelText('Certificate password'), {
			target: { value: 'aaaaaaaaaaaa' }
		});
		await vi.waitFor(() => expect(screen.getByText(/Strength: very weak/)).toBeTruthy());
		await fireEvent.input(screen.getByLabelText('Certificate password'), {
			target: { value: 'c9Vb2XwQ7mLp4Rt8' }
		});
		await vi.waitFor(() => expect(screen.getByText(/Strength: strong/)).toBeTruthy());
	});

	it('says why the password is asked again after a restart', () => {
		render(CertificatePasswordStep, {
			order: orderSummary(),
			error: null,
			again: true,
			useTarget: 'windows',
			onsubmit: vi.fn()
		});
		expect(screen.getByText(/Passwords are never stored/)).toBeTruthy();
	});

	it('warns, without refusing, that Java cannot open a file under a non-ASCII password', async () => {
		const onsubmit = vi.fn();
		render(CertificatePasswordStep, {
			order: orderSummary(),
			error: null,
			again: false,
			useTarget: 'windows',
			onsubmit
		});
		const field = screen.getByLabelText('Certificate password');
		const notice = () => screen.queryByText(/Java programs .* cannot open a file/);
		await fireEvent.input(field, { target: { value: 'Abcdefgh-1234' } });
		expect(notice()).toBeNull();
		await fireEvent.input(field, { target: { value: 'Wachtwoord-ß-2024' } });
		expect(notice()?.closest('[role="status"]')).toBeTruthy();
		await fireEvent.input(screen.getByLabelText('Repeat the certificate password'), {
			target: { value: 'Wachtwoord-ß-2024' }
		});
		await fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
		expect(onsubmit).toHaveBeenCalledWith('Wachtwoord-ß-2024', 'Wachtwoord-ß-2024', 'windows');
	});
});
