import { afterEach, describe, expect, it, vi } from 'vitest';
import { PreparedWork } from '../../../src/lib/pickup/prepared-work.ts';

describe('PreparedWork', () => {
	afterEach(() => vi.restoreAllMocks());

	it("derives the key wrap's key before it asks for the .p12 bags' key", async () => {
		const subtle = crypto.subtle;
		const deriveKey = subtle.deriveKey.bind(subtle);
		const events: string[] = [];
		vi.spyOn(subtle, 'deriveKey').mockImplementation(async (params, base, algorithm, ...rest) => {
			const name = (algorithm as AesKeyGenParams).name;
			events.push(`start ${name}`);
			const key = await deriveKey(params, base, algorithm, ...rest);
			events.push(`end ${name}`);
			return key;
		});
		const work = new PreparedWork();
		await work.prepare('h1', 'Correct4Horse9Battery', 'modern');
		expect(events).toEqual(['start AES-GCM', 'end AES-GCM', 'start AES-CBC', 'end AES-CBC']);
		expect(await work.keyWrap('h1')?.key).toBeTruthy();
		expect(await work.pkcs12('h1')?.ready).toBe(true);
	});
});
