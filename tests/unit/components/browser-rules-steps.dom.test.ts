import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ReviewStep from '../../../src/lib/components/steps/ReviewStep.svelte';
import { issuedFiles, orderSummary } from './fixtures.ts';

afterEach(() => {
	cleanup();
	vi.restoreAllMocks();
	vi.unstubAllGlobals();
});

const IPHONE =
	'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

const issued = {
	...issuedFiles,
	p12: { name: 'Jan-Peeters-o.p12', type: 'application/x-pkcs12', data: new Uint8Array([2]) }
};

async function renderDone(alreadyCollected = false, acknowledged = false) {
	const { default: DoneStep } = await import('../../../src/lib/components/steps/DoneStep.svelte');
	render(DoneStep, {
		result: issued,
		acknowledged,
		alreadyCollected,
		error: null,
		onsaved: vi.fn()
	});
}

describe('ReviewStep in a browser that deletes unused storage', () => {
	it('says to finish in one sitting or install, and until when an interrupted pickup is safe', () => {
		render(ReviewStep, {
			order: orderSummary(),
			storage: 'best-effort',
			storageCap: { days: 7, safeUntil: '2026-12-03T12:00:00.000Z' },
			oncontinue: vi.fn()
		});
		const warning = screen.getByText(/deletes the app's data/).textContent ?? '';
		expect(warning).toContain('for 7 days');
		expect(warning).toContain('Home Screen');
		expect(warning).toMatch(/safe here until .*2026/);
		expect(warning).toContain('3');
	});
});

describe('UnlockStep', () => {
	it('says why the password is asked again: passwords are never stored', async () => {
		const { default: UnlockStep } =
			await import('../../../src/lib/components/steps/UnlockStep.svelte');
		render(UnlockStep, {
			orderId: 'ord-why',
			busy: false,
			alreadyCollected: false,
			error: null,
			onsubmit: vi.fn()
		});
		expect(screen.getByText(/passwords are never stored/)).toBeTruthy();
		expect(screen.queryByText(/already been collected/)).toBeNull();
	});

	it('explains a rebuild after the server said collected', async () => {
		const { default: UnlockStep } =
			await import('../../../src/lib/components/steps/UnlockStep.svelte');
		render(UnlockStep, {
			orderId: 'ord-rebuild',
			busy: false,
			alreadyCollected: true,
			error: null,
			onsubmit: vi.fn()
		});
		expect(screen.getByText(/already been collected.*built again here/)).toBeTruthy();
	});
});

describe('WorkingStep while the flow retries by itself', () => {
	it('shows a calm offline note, not an error alert', async () => {
		const { default: WorkingStep } =
			await import('../../../src/lib/components/steps/WorkingStep.svelte');
		render(WorkingStep, {
			stage: 'request',
			retryAfterSeconds: 4,
			error: { code: 'network', detail: '' }
		});
		expect(screen.queryByRole('alert')).toBeNull();
		expect(screen.queryByText(/Check your connection and try again/)).toBeNull();
		expect(screen.getByRole('status').textContent).toContain(
			'goes out by itself when the connection returns'
		);
	});

	it('says the server is busy and when the next try is, not that the connection is gone', async () => {
		const { default: WorkingStep } =
			await import('../../../src/lib/components/steps/WorkingStep.svelte');
		render(WorkingStep, {
			stage: 'request',
			retryAfterSeconds: 16,
			error: { code: 'rate_limited', detail: '' }
		});
		expect(screen.queryByRole('alert')).toBeNull();
		expect(screen.getByRole('status').textContent).toContain('next try in 16 s');
		expect(screen.getByText('Sending the certificate request')).toBeTruthy();
		expect(screen.queryByText(/Waiting for the connection/)).toBeNull();
	});
});

describe('DoneStep after the server said collected', () => {
	it('says the file was rebuilt here, and that confirming only forgets it on this device', async () => {
		await renderDone(true);
		expect(
			screen.getByText(/built again from the key and certificate kept on this device/)
		).toBeTruthy();
	});

	it('thanks with what really happened once confirmed', async () => {
		await renderDone(true, true);
		expect(screen.getByText('Thank you. This device has forgotten the pickup.')).toBeTruthy();
	});
});

describe('DoneStep in an app opened from the iOS Home Screen', () => {
	let share: ReturnType<typeof vi.fn>;
	beforeEach(() => {
		vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(IPHONE);
		vi.stubGlobal('matchMedia', (query: string) => ({
			matches: query === '(display-mode: standalone)'
		}));
		share = vi.fn(async () => undefined);
		Object.assign(navigator, { canShare: () => true, share });
	});
	afterEach(() => {
		Reflect.deleteProperty(navigator, 'canShare');
		Reflect.deleteProperty(navigator, 'share');
	});

	it('offers the .p12 through the share sheet instead of a download that cannot work', async () => {
		await renderDone();
		expect(screen.queryByRole('link', { name: /\.p12/ })).toBeNull();
		expect(screen.getByText(/choose “Save to Files” in the share sheet/)).toBeTruthy();
		await fireEvent.click(
			screen.getByRole('button', { name: 'Save or share certificate file (.p12)' })
		);
		const [file] = (share.mock.calls[0]?.[0] as { files: File[] }).files;
		expect(file?.name).toBe('Jan-Peeters-o.p12');
		expect(file?.type).toBe('application/x-pkcs12');
		expect(new Uint8Array((await file?.arrayBuffer()) ?? [])).toEqual(new Uint8Array([2]));
	});

	it('says so when the share sheet fails, and not when the applicant closes it', async () => {
		await renderDone();
		const button = screen.getByRole('button', { name: 'Save or share certificate file (.p12)' });
		share.mockRejectedValueOnce(new DOMException('closed', 'AbortError'));
		await fireEvent.click(button);
		await vi.waitFor(() => expect(share).toHaveBeenCalledTimes(1));
		expect(screen.queryByText(/could not be handed to the share sheet/)).toBeNull();
		share.mockRejectedValueOnce(new DOMException('denied', 'NotAllowedError'));
		await fireEvent.click(button);
		await vi.waitFor(() =>
			expect(screen.getByText(/could not be handed to the share sheet/)).toBeTruthy()
		);
	});

	it('downloads as usual in Safari itself', async () => {
		vi.stubGlobal('matchMedia', () => ({ matches: false }));
		await renderDone();
		expect(
			screen
				.getByRole('link', { name: 'Download certificate file (.p12)' })
				.getAttribute('download')
		).toBe('Jan-Peeters-o.p12');
	});
});
