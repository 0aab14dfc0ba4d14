import { afterEach, describe, expect, it, vi } from 'vitest';
import { exportPkcs8 } from '../../../src/lib/pki/keys.ts';
import {
	buildPkcs12,
	PKCS12_PROFILES,
	preparePkcs12,
	readPkcs12,
	type PreparedPkcs12
} from '../../../src/lib/pki/pkcs12/index.ts';
import type { Pkcs12ProfileSpec } from '../../../src/lib/pki/pkcs12/profiles.ts';
import { flipBit, issued } from './fixtures.ts';

/** Low counts keep the unit tests fast; the real counts are exercised by the interop tests. */
const FAST = { encryption: 2048, mac: 2048 };
const PASSWORD = 'Žluťoučký kůň 🐎 €';
const fast = (profile: 'modern' | 'legacy'): Pkcs12ProfileSpec => ({
	...PKCS12_PROFILES[profile],
	encryptionIterations: FAST.encryption,
	macIterations: FAST.mac
});

const holds = (bytes: Uint8Array, part: Uint8Array) =>
	Buffer.from(bytes).indexOf(Buffer.from(part)) >= 0;
const holdsSalts = (p12: Uint8Array, prepared: PreparedPkcs12) =>
	Object.values(prepared.salts).map((salt) => holds(p12, salt));

async function build(profile: 'modern' | 'legacy', prepared?: PreparedPkcs12, password = PASSWORD) {
	const fixture = await issued();
	const privateKeyPkcs8 = await exportPkcs8(fixture.keys.privateKey);
	const p12 = await buildPkcs12({
		privateKeyPkcs8,
		chain: fixture.chainDer,
		password,
		friendlyName: 'Zoë Ångström',
		profile,
		iterations: FAST,
		prepared
	});
	return { p12, privateKeyPkcs8 };
}

describe('buildPkcs12 from keys derived ahead', () => {
	it.each(['modern', 'legacy'] as const)(
		'%s: writes the prepared salts, in a file laid out as one built without',
		async (profile) => {
			const prepared = preparePkcs12(PASSWORD, fast(profile));
			expect(await prepared.ready).toBe(true);
			const ahead = await build(profile, prepared);
			const onDemand = await build(profile);
			expect(holdsSalts(ahead.p12, prepared)).toEqual([true, true, true]);
			expect(ahead.p12.length).toBe(onDemand.p12.length);
			const contents = await readPkcs12(ahead.p12, PASSWORD);
			expect(contents.privateKeyPkcs8).toEqual(ahead.privateKeyPkcs8);
		}
	);

	it('puts the key bag encrypted ahead into the file, and encrypts another key anew', async () => {
		const prepared = preparePkcs12(PASSWORD, fast('modern'));
		const fixture = await issued();
		const pkcs8 = await exportPkcs8(fixture.keys.privateKey);
		const bag = await prepared.shroudKey(pkcs8);
		expect(await prepared.shroudKey(pkcs8.slice())).toBe(bag);
		const { p12 } = await build('modern', prepared);
		expect(holds(p12, (await prepared.shroudKey(pkcs8)).ciphertext)).toBe(true);
		expect(await prepared.shroudKey(flipBit(pkcs8, pkcs8.length - 1))).not.toBe(bag);
	});

	it.each([
		['another password', () => preparePkcs12(`${PASSWORD}2`, fast('modern'))],
		['another profile', () => preparePkcs12(PASSWORD, fast('legacy'))],
		['other counts', () => preparePkcs12(PASSWORD, PKCS12_PROFILES.modern)],
		[
			'a derivation that failed',
			() => ({ ...preparePkcs12(PASSWORD, fast('modern')), ready: Promise.resolve(false) })
		]
	])('derives anew for %s, and the file opens with its password', async (_, prepare) => {
		const prepared = prepare();
		const { p12, privateKeyPkcs8 } = await build('modern', prepared);
		expect(holdsSalts(p12, prepared)).toEqual([false, false, false]);
		expect((await readPkcs12(p12, PASSWORD)).privateKeyPkcs8).toEqual(privateKeyPkcs8);
	});
});

describe('salts of the bags', () => {
	afterEach(() => vi.restoreAllMocks());

	it('modern: the key bag and the certificate bags share one salt, so one PBKDF2 serves both', async () => {
		const deriveKey = vi.spyOn(crypto.subtle, 'deriveKey');
		const prepared = preparePkcs12(PASSWORD, fast('modern'));
		expect(await prepared.ready).toBe(true);
		expect(prepared.salts.certBags).toBe(prepared.salts.keyBag);
		expect(deriveKey).toHaveBeenCalledTimes(1);
		const { p12, privateKeyPkcs8 } = await build('modern', prepared);
		expect(deriveKey).toHaveBeenCalledTimes(1);
		expect((await readPkcs12(p12, PASSWORD)).privateKeyPkcs8).toEqual(privateKeyPkcs8);
	});

	it('legacy: each bag has its own salt, since its IV is derived from the salt', async () => {
		const prepared = preparePkcs12(PASSWORD, fast('legacy'));
		expect(await prepared.ready).toBe(true);
		expect(prepared.salts.certBags).not.toEqual(prepared.salts.keyBag);
		const { p12 } = await build('legacy', prepared);
		expect(holdsSalts(p12, prepared)).toEqual([true, true, true]);
	});
});

describe('bags derived after other work', () => {
	afterEach(() => vi.restoreAllMocks());

	const turns = async (count: number) => {
		for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
	};

	it.each([
		['settles', (open: { resolve: () => void; reject: (e: Error) => void }) => open.resolve()],
		[
			'fails',
			(open: { resolve: () => void; reject: (e: Error) => void }) => open.reject(new Error('no'))
		]
	])('asks WebCrypto for the bags only once `bagsAfter` %s', async (_, settle) => {
		const deriveKey = vi.spyOn(crypto.subtle, 'deriveKey');
		let open!: { resolve: () => void; reject: (e: Error) => void };
		const bagsAfter = new Promise<void>((resolve, reject) => (open = { resolve, reject }));
		const prepared = preparePkcs12(PASSWORD, fast('modern'), { bagsAfter });
		await turns(20);
		expect(deriveKey).not.toHaveBeenCalled();
		settle(open);
		expect(await prepared.ready).toBe(true);
		expect(deriveKey).toHaveBeenCalledTimes(1);
	});
});
