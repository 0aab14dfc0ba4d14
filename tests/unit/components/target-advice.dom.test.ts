import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import CertificatePasswordStep from '../../../src/lib/components/steps/CertificatePasswordStep.svelte';
import KeyOptionsStep from '../../../src/lib/components/steps/KeyOptionsStep.svelte';
import type { OrderSummary } from '../../../src/lib/api/types.ts';
import type { UseTarget } from '../../../src/lib/pickup/use-target.ts';
import { orderSummary } from './fixtures.ts';

afterEach(() => {
	cleanup();
	vi.unstubAllGlobals();
});

const THREE_OF_FOUR = orderSummary({
	orderId: 'ord_three_of_four',
	passwordPolicy: {
		id: 'classes-3-of-4',
		minLength: 12,
		maxLength: 72,
		lettersAndDigitsOnly: false,
		requiredCharacterClasses: 3
	}
});

let mounted = 0;

/** Each under an order of its own: a step keeps what was typed per order (form-draft.svelte.ts). */
function passwordStep(useTarget: UseTarget, order: OrderSummary = THREE_OF_FOUR) {
	const onsubmit = vi.fn();
	render(CertificatePasswordStep, {
		order: { ...order, orderId: `${order.orderId}_${++mounted}` },
		error: null,
		again: false,
		useTarget,
		onsubmit
	});
	return onsubmit;
}

const passwordField = () => screen.getByLabelText('Certificate password') as HTMLInputElement;
const confirmationField = () =>
	screen.getByLabelText('Repeat the certificate password') as HTMLInputElement;
const targetField = () =>
	screen.getByLabelText('Where will you use this certificate?') as HTMLSelectElement;
const rule = (text: RegExp) => screen.queryByText(text)?.closest('li') ?? null;

describe('CertificatePasswordStep: where the certificate will be used', () => {
	it('preselects the answer it is given and says in one sentence why', () => {
		passwordStep('linux');
		expect(targetField().value).toBe('linux');
		expect(targetField().getAttribute('aria-describedby')).toBe('use-target-why');
		expect(document.getElementById('use-target-why')?.textContent).toBe(
			'At most 31 characters in the password: the GNOME and KDE importers refuse longer ones.'
		);
	});

	it('shows the Linux desktop limit as a checklist rule, met up to 31 characters', async () => {
		passwordStep('linux');
		const limit = rule(/at most 31 characters for Linux desktop import/);
		expect(limit).not.toBeNull();
		await fireEvent.input(passwordField(), { target: { value: 'Abcdefgh-123'.padEnd(31, 'x') } });
		expect(limit?.classList.contains('met')).toBe(true);
		await fireEvent.input(passwordField(), { target: { value: 'Abcdefgh-123'.padEnd(32, 'x') } });
		expect(limit?.classList.contains('met')).toBe(false);
		expect(limit?.textContent).toContain('(not met yet)');
	});

	it('shows the Java ASCII rule instead of the notice, and follows a changed answer', async () => {
		passwordStep('java');
		const notice = () => screen.queryByText(/Java programs .* cannot open a file/);
		await fireEvent.input(passwordField(), { target: { value: 'Wachtwoord-ß-2024' } });
		const ascii = rule(/letters, digits and ASCII symbols only for Java/);
		expect(ascii?.classList.contains('met')).toBe(false);
		expect(notice()).toBeNull();
		await fireEvent.change(targetField(), { target: { value: 'windows' } });
		expect(rule(/ASCII symbols only/)).toBeNull();
		expect(rule(/at most 31 characters/)).toBeNull();
		expect(notice()).not.toBeNull();
		await fireEvent.change(targetField(), { target: { value: 'other' } });
		expect(rule(/at most 31 characters to open in most software/)).not.toBeNull();
		expect(rule(/ASCII symbols only to open in most software/)).not.toBeNull();
	});

	it('hands the answer to onsubmit with both fields', async () => {
		const onsubmit = passwordStep('linux');
		await fireEvent.change(targetField(), { target: { value: 'signing' } });
		await fireEvent.input(passwordField(), { target: { value: 'Abcdefgh-1234' } });
		await fireEvent.input(confirmationField(), { target: { value: 'Abcdefgh-1234' } });
		await fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
		expect(onsubmit).toHaveBeenCalledWith('Abcdefgh-1234', 'Abcdefgh-1234', 'signing');
	});
});

describe('CertificatePasswordStep: the suggested passphrase', () => {
	it('shows it once with a reminder, fills both fields, meets every rule and copies it', async () => {
		const writeText = vi.fn(async () => undefined);
		vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
		passwordStep('other');
		await fireEvent.click(screen.getByRole('button', { name: 'Suggest a strong password' }));
		const region = screen.getByRole('region', { name: 'Suggested certificate password' });
		const passphrase = region.querySelector('output')?.textContent ?? '';
		expect(passphrase).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
		expect(region.textContent).toContain('Write it down now');
		expect(region.textContent).toContain('shown only this once');
		expect(passwordField().value).toBe(passphrase);
		expect(confirmationField().value).toBe(passphrase);
		const rules = screen.getByText('The password must have:').parentElement;
		const items = [...(rules?.querySelectorAll('li') ?? [])];
		expect(items.length).toBe(5);
		expect(items.every((item) => item.classList.contains('met'))).toBe(true);
		await fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
		expect(writeText).toHaveBeenCalledWith(passphrase);
		await vi.waitFor(() => expect(screen.getByText('Copied.')).toBeTruthy());
	});

	it('offers a new one each time, and lets the applicant type their own instead', async () => {
		passwordStep('linux', orderSummary());
		const suggest = screen.getByRole('button', { name: 'Suggest a strong password' });
		await fireEvent.click(suggest);
		const first = passwordField().value;
		expect(first).toMatch(/^[A-Za-z0-9]{20}$/);
		await fireEvent.click(suggest);
		expect(passwordField().value).not.toBe(first);
		await fireEvent.input(passwordField(), { target: { value: 'MyOwnPassword2024' } });
		expect(screen.queryByRole('region', { name: 'Suggested certificate password' })).toBeNull();
	});

	it('says so when the browser refuses to copy', async () => {
		const writeText = vi.fn(async () => Promise.reject(new Error('NotAllowedError')));
		vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
		passwordStep('windows');
		await fireEvent.click(screen.getByRole('button', { name: 'Suggest a strong password' }));
		await fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
		await vi.waitFor(() =>
			expect(screen.getByText(/did not allow copying: select the password/)).toBeTruthy()
		);
	});

	it('offers none when the order’s policy leaves no room for one', () => {
		const tight = orderSummary({
			passwordPolicy: {
				id: 'short',
				minLength: 8,
				maxLength: 16,
				lettersAndDigitsOnly: false,
				requiredCharacterClasses: 0
			}
		});
		passwordStep('windows', tight);
		expect(screen.queryByRole('button', { name: 'Suggest a strong password' })).toBeNull();
	});
});

describe('KeyOptionsStep: advice that follows the answer', () => {
	function keyStep(useTarget: UseTarget) {
		const onchoose = vi.fn();
		render(KeyOptionsStep, {
			order: orderSummary({ orderId: `ord_keys_${useTarget}` }),
			choice: { algorithm: 'P-256', profile: 'modern' },
			useTarget,
			error: null,
			onchoose,
			onhavecsr: vi.fn()
		});
		return onchoose;
	}
	const label = (text: RegExp) => screen.getByLabelText(text).closest('label')?.textContent ?? '';

	it('marks elliptic-curve keys under the legacy profile and recommends RSA 2048 instead', async () => {
		keyStep('windows');
		expect(label(/P-256/)).toContain('recommended');
		expect(label(/P-256/)).not.toContain('not readable');
		await fireEvent.click(screen.getByLabelText(/Compatible/));
		expect(label(/P-256/)).toContain(
			'not readable by older Windows/.NET and Linux desktop tools in the compatible file'
		);
		expect(label(/P-256/)).not.toContain('recommended');
		expect(label(/RSA 2048/)).toContain('recommended');
	});

	it('takes a new answer’s recommended key and profile, and hands the answer over', async () => {
		const onchoose = keyStep('windows');
		expect(label(/Modern/)).toContain('recommended');
		await fireEvent.change(targetField(), { target: { value: 'macos' } });
		expect((screen.getByLabelText(/RSA 2048/) as HTMLInputElement).checked).toBe(true);
		expect((screen.getByLabelText(/Compatible/) as HTMLInputElement).checked).toBe(true);
		expect(label(/Compatible/)).toContain('recommended');
		expect(document.getElementById('use-target-why')?.textContent).toContain('macOS 13 and 14');
		await fireEvent.click(screen.getByRole('button', { name: 'Create my certificate' }));
		expect(onchoose).toHaveBeenCalledWith({ algorithm: 'RSA-2048', profile: 'legacy' }, 'macos');
	});
});
