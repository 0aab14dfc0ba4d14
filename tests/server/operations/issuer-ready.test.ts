import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadOrCreateCa, type IssuingCa } from '../../../server/ca/authority.ts';
import { signerFor } from '../../../server/ca/signer.ts';
import { loadConfig, type CfsslSettings } from '../../../server/config.ts';
import { cfsslIssuer } from '../../../server/issuers/cfssl.ts';
import { builtInIssuer } from '../../../server/issuers/configured.ts';
import { startCfssl, type Cfssl } from '../cfssl.ts';

const dir = mkdtempSync(join(tmpdir(), 'pickup-issuer-ready-'));
let ca: IssuingCa;
let otherCa: IssuingCa;

beforeAll(async () => {
	ca = await loadOrCreateCa(loadConfig({ DATA_DIR: join(dir, 'ca') }));
	otherCa = await loadOrCreateCa(loadConfig({ DATA_DIR: join(dir, 'other') }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
	vi.useRealTimers();
});

/** The CA with its signer wrapped: counts signatures, and fails while `failing` says so. */
function observedCa(state: { signatures: number; failing: boolean }): IssuingCa {
	return {
		...ca,
		signer: {
			...ca.signer,
			sign: (tbs) => {
				state.signatures++;
				if (state.failing) throw new Error('the signing device is gone');
				return ca.signer.sign(tbs);
			}
		}
	};
}

describe('the built-in CA is ready', () => {
	it('when its key signs what its certificate verifies', async () => {
		await expect(builtInIssuer(ca, {}).ready()).resolves.toBeUndefined();
	});

	it('not when its key is not the certificate’s', async () => {
		const mismatched = { ...ca, signer: signerFor(otherCa.key) };
		await expect(builtInIssuer(mismatched, {}).ready()).rejects.toThrow(
			"the CA key's signature does not verify with the CA certificate"
		);
	});

	it('not when signing fails, and says why', async () => {
		const state = { signatures: 0, failing: true };
		await expect(builtInIssuer(observedCa(state), {}).ready()).rejects.toThrow(
			'the signing device is gone'
		);
	});

	it('signs once per 30 seconds however often it is asked', async () => {
		vi.useFakeTimers({ toFake: ['performance'] });
		const state = { signatures: 0, failing: false };
		const issuer = builtInIssuer(observedCa(state), {});
		await issuer.ready();
		await issuer.ready();
		vi.advanceTimersByTime(29_000);
		await issuer.ready();
		expect(state.signatures).toBe(1);
		vi.advanceTimersByTime(2_000);
		await issuer.ready();
		expect(state.signatures).toBe(2);
	});

	it('checks again at once after a failure, so it is ready as soon as signing works', async () => {
		const state = { signatures: 0, failing: true };
		const issuer = builtInIssuer(observedCa(state), {});
		await expect(issuer.ready()).rejects.toThrow();
		state.failing = false;
		await expect(issuer.ready()).resolves.toBeUndefined();
		expect(state.signatures).toBe(2);
	});
});

describe('CFSSL is ready', () => {
	let cfssl: Cfssl;
	let settings: CfsslSettings;

	beforeAll(async () => {
		cfssl = await startCfssl();
		const cfsslSettings = loadConfig({ ...cfssl.env, DATA_DIR: dir }).cfssl;
		if (!cfsslSettings) throw new Error('no CFSSL settings');
		settings = cfsslSettings;
	});
	afterAll(() => cfssl?.dispose());

	it('when it answers with the certificate the chain file starts with', async () => {
		await expect(cfsslIssuer(settings).ready()).resolves.toBeUndefined();
	});

	it('not when it signs with another certificate than the configured one', async () => {
		const otherChain = join(dir, 'other-chain.pem');
		writeFileSync(otherChain, otherCa.chainPem);
		await expect(cfsslIssuer({ ...settings, chainFile: otherChain }).ready()).rejects.toThrow(
			/signs with another certificate than the first in .*other-chain\.pem/
		);
	});

	it('not when it cannot be reached, and ready again when it is back', async () => {
		const issuer = cfsslIssuer(settings);
		await cfssl.stop();
		try {
			await expect(issuer.ready()).rejects.toThrow(
				/CFSSL at http:\/\/127\.0\.0\.1:\d+ cannot be reached/
			);
		} finally {
			await cfssl.start();
		}
		await expect(issuer.ready()).resolves.toBeUndefined();
	});
});
