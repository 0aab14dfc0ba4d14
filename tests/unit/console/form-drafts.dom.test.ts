import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import CreateOrderScreen from '../../../src/lib/components/console/CreateOrderScreen.svelte';
import { consoleSession } from '../../../src/lib/components/console/console-session.svelte.ts';
import { m } from '../../../src/lib/paraglide/messages.js';
import RedrawnScreen from './RedrawnScreen.svelte';

afterEach(() => {
	cleanup();
	consoleSession.person = null;
});

const valueOf = (label: string) => (screen.getByLabelText(label) as HTMLInputElement).value;

async function typeHolderAndPassword() {
	await fireEvent.input(screen.getByLabelText(m.console_field_holder()), {
		target: { value: 'Jan Peeters' }
	});
	await fireEvent.input(screen.getByLabelText(m.console_field_password()), {
		target: { value: 'Correct horse 9' }
	});
}

describe("a screen's forms, kept by the shell", () => {
	it('come back as they were when the screen is redrawn', async () => {
		const { rerender } = render(RedrawnScreen, { screen: CreateOrderScreen, redraw: 0 });
		await typeHolderAndPassword();
		const before = screen.getByLabelText(m.console_field_holder());
		await rerender({ screen: CreateOrderScreen, redraw: 1 });
		expect(screen.getByLabelText(m.console_field_holder())).not.toBe(before);
		expect(valueOf(m.console_field_holder())).toBe('Jan Peeters');
		expect(valueOf(m.console_field_password())).toBe('Correct horse 9');
	});

	it('start empty for someone else signed in on the same screen', async () => {
		consoleSession.person = { id: 'p-1', name: 'Leuven desk', role: 'office' };
		const { rerender } = render(RedrawnScreen, { screen: CreateOrderScreen, redraw: 0 });
		await typeHolderAndPassword();
		consoleSession.person = { id: 'p-2', name: 'Gent desk', role: 'office' };
		await rerender({ screen: CreateOrderScreen, redraw: 1 });
		expect(valueOf(m.console_field_holder())).toBe('');
		expect(valueOf(m.console_field_password())).toBe('');
	});

	it("are a screen's own without a shell", async () => {
		render(CreateOrderScreen);
		await typeHolderAndPassword();
		cleanup();
		render(CreateOrderScreen);
		expect(valueOf(m.console_field_holder())).toBe('');
	});
});
