import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import SaveToDrive from '../../../src/lib/components/kiosk/SaveToDrive.svelte';

const FILE = {
	name: 'Jan_Peeters.p12',
	type: 'application/x-pkcs12',
	data: new Uint8Array([48, 130])
};

afterEach(() => {
	cleanup();
	Reflect.deleteProperty(window, 'showSaveFilePicker');
});

function picker(behaviour: () => Promise<unknown>) {
	const showSaveFilePicker = vi.fn(behaviour);
	Object.assign(window, { showSaveFilePicker });
	return showSaveFilePicker;
}

async function save() {
	await fireEvent.click(screen.getByRole('button', { name: 'Save to a USB drive…' }));
}

describe('SaveToDrive', () => {
	it('writes the file where the applicant chose and says so', async () => {
		const written: unknown[] = [];
		const show = picker(async () => ({
			name: 'Jan_Peeters.p12',
			createWritable: async () => ({
				write: async (data: unknown) => void written.push(data),
				close: async () => undefined
			})
		}));
		render(SaveToDrive, { file: FILE });
		await save();
		expect(await screen.findByText('Saved as Jan_Peeters.p12.')).toBeTruthy();
		expect(written).toEqual([FILE.data]);
		expect(show).toHaveBeenCalledWith({
			suggestedName: 'Jan_Peeters.p12',
			types: [{ description: 'Jan_Peeters.p12', accept: { 'application/x-pkcs12': ['.p12'] } }]
		});
	});

	it('says when the file could not be written', async () => {
		picker(async () => Promise.reject(new DOMException('read-only drive', 'NotAllowedError')));
		render(SaveToDrive, { file: FILE });
		await save();
		expect(await screen.findByText(/could not be saved there/)).toBeTruthy();
	});

	it('takes a closed dialog as a choice, not an error', async () => {
		picker(async () => Promise.reject(new DOMException('closed', 'AbortError')));
		render(SaveToDrive, { file: FILE });
		await save();
		expect(screen.queryByText(/could not be saved there/)).toBeNull();
		expect(screen.queryByText(/Saved as/)).toBeNull();
	});

	it('offers no button where the browser cannot save to a chosen place, but still reminds', () => {
		render(SaveToDrive, { file: FILE });
		expect(screen.queryByRole('button')).toBeNull();
		expect(screen.getByText(/Take your USB drive with you/)).toBeTruthy();
	});
});
