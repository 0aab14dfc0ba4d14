import { afterEach, describe, expect, it, vi } from 'vitest';
import * as iteratedHash from '../../../src/lib/pki/pkcs12/iterated-hash.ts';
import { warmPkcs12Kdf } from '../../../src/lib/pki/pkcs12/kdf.ts';

vi.mock('../../../src/lib/pki/pkcs12/iterated-hash.ts', async (original) => {
	const actual = await original<typeof iteratedHash>();
	return { ...actual, iterateHash: vi.fn(actual.iterateHash) };
});

describe('warmPkcs12Kdf', () => {
	afterEach(() => vi.mocked(iteratedHash.iterateHash).mockClear());

	it.each(['SHA-1', 'SHA-256'] as const)(
		'runs the %s iterated hash some thousand times, one iteration per call',
		async (hash) => {
			await warmPkcs12Kdf(hash);
			const calls = vi.mocked(iteratedHash.iterateHash).mock.calls;
			expect(calls.length).toBeGreaterThanOrEqual(1000);
			expect(calls.every(([algorithm, , times]) => algorithm === hash && times === 1)).toBe(true);
			expect(calls[0]?.[1].length).toBe(hash === 'SHA-1' ? 20 : 32);
		}
	);

	it('gives the thread back while it warms, so a worker call is not held up', async () => {
		let warmed = false;
		const warming = warmPkcs12Kdf('SHA-256').then(() => (warmed = true));
		const taskRanDuring = await new Promise<boolean>((resolve) =>
			setTimeout(() => resolve(!warmed), 0)
		);
		await warming;
		expect(taskRanDuring).toBe(true);
	});
});
