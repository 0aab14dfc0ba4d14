import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorText } from '../../../src/lib/components/error-text.ts';
import { m } from '../../../src/lib/paraglide/messages.js';
import { locales } from '../../../src/lib/paraglide/runtime.js';
import AgreementStep from '../../../src/lib/components/steps/AgreementStep.svelte';
import CsrUploadStep from '../../../src/lib/components/steps/CsrUploadStep.svelte';
import FailedStep from '../../../src/lib/components/steps/FailedStep.svelte';
import KeyOptionsStep from '../../../src/lib/components/steps/KeyOptionsStep.svelte';
import PickupPasswordStep from '../../../src/lib/components/steps/PickupPasswordStep.svelte';
import ReviewStep from '../../../src/lib/components/steps/ReviewStep.svelte';
import { issuedFiles, orderSummary } from './fixtures.ts';

afterEach(cleanup);

describe('ReviewStep', () => {
	it('shows every subject field, the alternative names and the days left', () => {
		render(ReviewStep, {
			order: orderSummary(),
			storage: 'persistent',
			storageCap: null,
			oncontinue: vi.fn()
		});
		expect(screen.getByText('Jan Peeters')).toBeTruthy();
		expect(screen.getByText('Example BV')).toBeTruthy();
		expect(screen.getAllByText('jan@example.be')).toHaveLength(2);
		expect(screen.getByText(/in 29 days/)).toBeTruthy();
		expect(screen.queryByText(/store data in persistent storage/)).toBeNull();
		expect(screen.queryByText(/deletes the app's data/)).toBeNull();
	});

	it('warns when the browser may drop the pickup, and says what its storage question means', () => {
		render(ReviewStep, {
			order: orderSummary(),
			storage: 'best-effort',
			storageCap: null,
			oncontinue: vi.fn()
		});
		expect(screen.getByText(/store data in persistent storage/).textContent).toMatch(
			/Allowing it keeps an unfinished pickup.*Declining or ignoring the question changes nothing else/
		);
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
			useTarget: 'windows',
			error: null,
			onchoose,
			onhavecsr: vi.fn()
		});
		expect(screen.getAllByRole('radio', { name: /RSA|Elliptic/ })).toHaveLength(2);
		expect(screen.getByLabelText(/P-256/).closest('label')?.textContent).toContain('recommended');
		await fireEvent.click(screen.getByLabelText(/RSA 2048/));
		await fireEvent.click(screen.getByLabelText(/Compatible/));
		await fireEvent.click(screen.getByRole('button', { name: 'Create my certificate' }));
		expect(onchoose).toHaveBeenCalledWith({ algorithm: 'RSA-2048', profile: 'legacy' }, 'windows');
	});
});

describe('CsrUploadStep', () => {
	it('sends pasted text and goes back on request', async () => {
		const onsubmit = vi.fn();
		const oncancel = vi.fn();
		render(CsrUploadStep, { orderId: 'ord-csr', busy: false, error: null, onsubmit, oncancel });
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
			restartable: false,
			onretry,
			onstartafresh: vi.fn()
		});
		await fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
		expect(onretry).toHaveBeenCalled();
		unmount();
		render(FailedStep, {
			order: null,
			error: { code: 'order_expired', detail: '' },
			retryable: false,
			restartable: false,
			onretry,
			onstartafresh: vi.fn()
		});
		expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
		expect(screen.queryByRole('button', { name: 'Start again' })).toBeNull();
		await vi.waitFor(() =>
			expect(screen.getByRole('alert').textContent).toContain(
				'pickup deadline for this order has passed'
			)
		);
	});

	it('offers to start again when the stored pickup cannot be resumed', async () => {
		const onstartafresh = vi.fn();
		render(FailedStep, {
			order: null,
			error: { code: 'pickup_unreadable', detail: 'order.subject is not a list' },
			retryable: false,
			restartable: true,
			onretry: vi.fn(),
			onstartafresh
		});
		await vi.waitFor(() =>
			expect(screen.getByRole('alert').textContent).toContain('cannot be resumed')
		);
		expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
		await fireEvent.click(screen.getByRole('button', { name: 'Start again' }));
		expect(onstartafresh).toHaveBeenCalledOnce();
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

	it('names what to change in a refused request, in every language', () => {
		const openssl = '-addext "subjectAltName=email:jan@example.be"';
		const keytool = '-ext san=email:jan@example.be';
		expect(
			errorText({ code: 'pki:csr_san_missing', detail: '', params: { openssl, keytool } })
		).toBe(
			`The request has no subject alternative name, where the certificate must carry the order's e-mail address or host name. Make it again with ${openssl} (OpenSSL) or ${keytool} (Java keytool).`
		);
		expect(
			errorText({
				code: 'pki:csr_key_not_allowed',
				detail: '',
				params: { key: 'RSA-1024', allowed: 'RSA-2048, P-256' }
			})
		).toBe(
			"The request's key is RSA-1024, which this order does not accept. Allowed: RSA-2048, P-256."
		);
		expect(
			errorText({ code: 'pki:csr_signature_weak', detail: '', params: { hash: 'SHA-1' } })
		).toContain('signed with SHA-1');
		expect(errorText({ code: 'service_unavailable', detail: '' })).toContain('Nothing is lost');
		for (const locale of locales) {
			expect(m.error_pki_csr_san_missing({ openssl, keytool }, { locale })).toContain(openssl);
			expect(m.error_pki_csr_san_missing({ openssl, keytool }, { locale })).toContain(keytool);
			expect(m.error_pki_csr_key_named({ key: 'EC P-521', allowed: 'P-256' }, { locale })).toMatch(
				/EC P-521.*P-256/
			);
			expect(m.error_pki_csr_signature_weak({ hash: 'SHA-1' }, { locale })).toContain('SHA-1');
		}
	});

	it('adds the attempts left', () => {
		expect(errorText({ code: 'pickup_password_wrong', detail: '', attemptsLeft: 2 })).toBe(
			'That pickup password is not correct. 2 attempts left before the order locks.'
		);
	});
});

describe('WorkingStep', () => {
	it('marks done stages, the current one, and says when the request waits for the connection', async () => {
		const { default: WorkingStep } =
			await import('../../../src/lib/components/steps/WorkingStep.svelte');
		render(WorkingStep, {
			stage: 'request',
			retryAfterSeconds: 8,
			error: { code: 'network', detail: '' }
		});
		const current = screen
			.getByText(/Waiting for the connection to send the request/)
			.closest('li');
		expect(current?.getAttribute('aria-current')).toBe('step');
		expect(current?.textContent).toContain('next try in 8 s');
		expect(
			screen.getByText('Generating your key pair').closest('li')?.classList.contains('complete')
		).toBe(true);
		expect(screen.queryByText(/Waiting for the certificate authority/)).toBeNull();
	});

	it('shows the waiting stage with the CA delay only while pending', async () => {
		const { default: WorkingStep } =
			await import('../../../src/lib/components/steps/WorkingStep.svelte');
		render(WorkingStep, { stage: 'waiting', retryAfterSeconds: 30, error: null });
		expect(screen.getByText(/next check in 30 s/)).toBeTruthy();
		expect(screen.getByText(/You may close this page/)).toBeTruthy();
	});
});

describe('UnlockStep', () => {
	it('asks for the certificate password and shows a wrong one', async () => {
		const { default: UnlockStep } =
			await import('../../../src/lib/components/steps/UnlockStep.svelte');
		const onsubmit = vi.fn();
		render(UnlockStep, {
			orderId: 'ord-unlock',
			busy: false,
			alreadyCollected: false,
			error: { code: 'pki:key_unwrap_wrong_password', detail: '' },
			onsubmit
		});
		await vi.waitFor(() =>
			expect(screen.getByRole('alert').textContent).toContain('not the certificate password')
		);
		await fireEvent.input(screen.getByLabelText('Certificate password'), {
			target: { value: 'secret' }
		});
		await fireEvent.click(screen.getByRole('button', { name: 'Build my certificate file' }));
		expect(onsubmit).toHaveBeenCalledWith('secret');
	});
});

describe('BusyElsewhereStep', () => {
	it('offers to take the pickup over, and says when it was taken away', async () => {
		const { default: BusyElsewhereStep } =
			await import('../../../src/lib/components/steps/BusyElsewhereStep.svelte');
		const ontakeover = vi.fn();
		render(BusyElsewhereStep, { lost: true, ontakeover });
		expect(screen.getByText(/taken over in another tab/)).toBeTruthy();
		await fireEvent.click(screen.getByRole('button', { name: 'Continue the pickup here' }));
		expect(ontakeover).toHaveBeenCalled();
	});
});

describe('DoneStep and CsrDoneStep', () => {
	const issued = issuedFiles;

	it('offers the .p12, the chain and the certificate with their names, and the confirmation', async () => {
		const { default: DoneStep } = await import('../../../src/lib/components/steps/DoneStep.svelte');
		const onsaved = vi.fn();
		const p12 = {
			name: 'Jan-Peeters-o.p12',
			type: 'application/x-pkcs12',
			data: new Uint8Array([2])
		};
		render(DoneStep, {
			result: { ...issued, p12 },
			acknowledged: false,
			alreadyCollected: false,
			error: null,
			onsaved
		});
		expect(
			screen
				.getByRole('link', { name: 'Download certificate file (.p12)' })
				.getAttribute('download')
		).toBe('Jan-Peeters-o.p12');
		expect(
			screen.getByRole('link', { name: 'Certificate only (.cer)' }).getAttribute('download')
		).toBe('Jan-Peeters-o.cer');
		expect(screen.getByText('AA:BB')).toBeTruthy();
		expect(screen.getByRole('heading', { name: 'Install your certificate' })).toBeTruthy();
		await fireEvent.click(screen.getByRole('button', { name: 'I have saved my file' }));
		expect(onsaved).toHaveBeenCalled();
	});

	it('answers the own-CSR path with .pem, .p7b and .cer, and thanks once acknowledged', async () => {
		const { default: CsrDoneStep } =
			await import('../../../src/lib/components/steps/CsrDoneStep.svelte');
		const p7b = {
			name: 'Jan-Peeters-o.p7b',
			type: 'application/x-pkcs7-certificates',
			data: new Uint8Array([3])
		};
		render(CsrDoneStep, {
			result: { ...issued, p7b },
			acknowledged: true,
			alreadyCollected: false,
			error: null,
			onsaved: vi.fn()
		});
		expect(
			screen.getByRole('link', { name: 'Certificate chain (.p7b)' }).getAttribute('download')
		).toBe('Jan-Peeters-o.p7b');
		expect(screen.getByText('Thank you. The pickup link is now used up.')).toBeTruthy();
		expect(screen.queryByRole('button', { name: 'I have saved my file' })).toBeNull();
	});
});
