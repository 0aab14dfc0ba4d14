import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formDraft } from '../../../src/lib/components/form-draft.svelte.ts';
import CertificatePasswordStep from '../../../src/lib/components/steps/CertificatePasswordStep.svelte';
import { orderSummary } from './fixtures.ts';

afterEach(cleanup);

describe('formDraft', () => {
	it('gives the same fields back under the same scope, and fresh ones under another', () => {
		const first = formDraft('step:A', { password: '' });
		first.password = 'typed';
		expect(formDraft('step:A', { password: '' }).password).toBe('typed');
		expect(formDraft('step:B', { password: '' }).password).toBe('');
		// One draft at a time: after B, A starts afresh rather than showing what was typed there.
		expect(formDraft('step:A', { password: '' }).password).toBe('');
	});
});

describe('a step re-created by a language switch', () => {
	const mount = (orderId: string) =>
		render(CertificatePasswordStep, {
			order: { ...orderSummary(), orderId },
			error: null,
			again: false,
			useTarget: 'windows',
			onsubmit: vi.fn()
		});

	it('shows what was typed, for the same order only', async () => {
		mount('ORDERONE');
		await fireEvent.input(screen.getByLabelText('Certificate password'), {
			target: { value: 'Typed-before-1' }
		});
		cleanup();
		mount('ORDERONE');
		const field = () => screen.getByLabelText('Certificate password') as HTMLInputElement;
		expect(field().value).toBe('Typed-before-1');
		cleanup();
		mount('ORDERTWO');
		expect(field().value).toBe('');
	});
});
