import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import CreateOrderScreen from '../../../src/lib/components/console/CreateOrderScreen.svelte';
import { consoleSession } from '../../../src/lib/components/console/console-session.svelte.ts';
import { ConsoleProblem } from '../../../src/lib/console/problems.ts';
import { m } from '../../../src/lib/paraglide/messages.js';

afterEach(() => {
	cleanup();
	vi.restoreAllMocks();
});

async function type(label: string, value: string) {
	await fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

async function fillPersonalOrder() {
	render(CreateOrderScreen);
	await type(m.console_field_holder(), 'Jan Peeters');
	await type(m.console_field_email(), 'jan@example.be');
	await type(m.console_field_password(), 'Correct horse 9');
	await type(m.console_field_password_repeat(), 'Correct horse 9');
}

describe('the create-order screen', () => {
	it('marks each wrong field beside it and sends nothing', async () => {
		const create = vi.spyOn(consoleSession.api, 'createOrder');
		render(CreateOrderScreen);
		await type(m.console_field_email(), 'jan@');
		await type(m.console_field_password(), 'short');
		await fireEvent.click(screen.getByRole('button', { name: m.console_create_button() }));
		await tick();
		expect(create).not.toHaveBeenCalled();
		const name = screen.getByLabelText(m.console_field_holder());
		expect(name.getAttribute('aria-invalid')).toBe('true');
		expect(document.activeElement).toBe(name);
		const email = screen.getByLabelText(m.console_field_email());
		expect(document.getElementById(email.getAttribute('aria-describedby')!)?.textContent).toBe(
			m.console_field_email_invalid()
		);
		expect(screen.getByText(m.console_form_errors({ count: 3 })).getAttribute('role')).toBe(
			'alert'
		);
	});

	it("keeps everything typed on the server's refusal and ties it to the field it names", async () => {
		vi.spyOn(consoleSession.api, 'createOrder').mockRejectedValue(
			new ConsoleProblem('order_invalid', 422, 'not a valid e-mail address', 'email')
		);
		await fillPersonalOrder();
		await fireEvent.click(screen.getByRole('button', { name: m.console_create_button() }));
		await vi.waitFor(() =>
			expect(screen.getByText(m.console_problem_order_invalid())).toBeTruthy()
		);
		const email = screen.getByLabelText(m.console_field_email()) as HTMLInputElement;
		expect(email.value).toBe('jan@example.be');
		expect(email.getAttribute('aria-invalid')).toBe('true');
		const password = screen.getByLabelText(m.console_field_password()) as HTMLInputElement;
		expect(password.value).toBe('Correct horse 9');
		expect(password.type).toBe('password');
	});
});
