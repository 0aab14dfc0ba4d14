import * as asn1js from 'asn1js';
import forge from 'node-forge';
import { describe, expect, it, vi } from 'vitest';
import type { Pkcs12Profile } from '../../../src/lib/domain/pkcs12-profiles.ts';
import { exportPkcs8 } from '../../../src/lib/pki/keys.ts';
import { bmpPassword, pkcs12Kdf } from '../../../src/lib/pki/pkcs12/kdf.ts';
import {
	buildPkcs12,
	MAX_PKCS12_BYTES,
	PKCS12_PROFILES,
	readPkcs12,
	selfCheckPkcs12
} from '../../../src/lib/pki/pkcs12/index.ts';
import { codeOf, flipBit, issued, keysFor } from './fixtures.ts';

// The derivation's own yields, counted where it makes them: the event loop's turns would also count
// the waits for WebCrypto's thread, which a busy machine lengthens.
const taskYields = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../src/lib/pki/next-task.ts', async (importOriginal) => {
	const actual = await importOriginal<typeof import('../../../src/lib/pki/next-task.ts')>();
	return {
		...actual,
		nextTask: () => {
			taskYields.count++;
			return actual.nextTask();
		}
	};
});

/** Low counts keep the unit tests fast; the real counts are exercised by the interop tests. */
const FAST = { encryption: 2048, mac: 2048 };
const PASSWORD = 'Žluťoučký kůň 🐎 €';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

async function build(
	profile: Pkcs12Profile,
	extra: Partial<Parameters<typeof buildPkcs12>[0]> = {}
) {
	const fixture = await issued();
	const p12 = await buildPkcs12({
		privateKeyPkcs8: await exportPkcs8(fixture.keys.privateKey),
		chain: fixture.chainDer,
		password: PASSWORD,
		friendlyName: 'Zoë Ångström',
		profile,
		iterations: FAST,
		...extra
	});
	return { fixture, p12 };
}

describe('PKCS#12 KDF (RFC 7292 appendix B)', () => {
	it('encodes passwords as a NUL-terminated BMPString, surrogate pairs included', () => {
		expect(hex(bmpPassword('Aé'))).toBe('004100e90000');
		expect(hex(bmpPassword('🐎'))).toBe('d83ddc0e0000');
		expect(hex(bmpPassword(''))).toBe('0000');
	});

	// Vectors published with Bouncy Castle's PKCS12 tests (PKCS12Test / pkcs12 KDF vectors).
	it.each([
		['smeg', '0a58cf64530d823f', 1, 1, 24, '8aaae6297b6cb04642ab5b077851284eb7128f1a2a7fbca3'],
		['smeg', '0a58cf64530d823f', 1, 2, 8, '79993dfe048d3b76'],
		['smeg', '642b99ab44fb4b1f', 1, 1, 24, 'f3a95fec48d7711e985cfe67908c5ab79fa3d7c5caa5d966'],
		['queeg', '05dec959acff72f7', 1000, 1, 24, 'ed2034e36328830ff09df1e1a07dd357185dac0d4f9eb3d4'],
		['queeg', '1682c0fc5b3f7ec5', 1000, 1, 24, '483dd6e919d7de2e8e648ba8f862f3fbfbdc2bcb2c02957f']
	] as const)(
		'derives %s / %s / %i / ID %i',
		async (password, salt, iterations, purpose, length, expected) => {
			const out = await pkcs12Kdf({
				hash: 'SHA-1',
				password,
				salt: Buffer.from(salt, 'hex'),
				iterations,
				purpose,
				length
			});
			expect(hex(out)).toBe(expected);
		}
	);

	// Counts past one slice of iterations, checked against node-forge's independent implementation.
	it.each([
		['SHA-256', 45_001, 3, 32],
		['SHA-1', 40_000, 1, 24]
	] as const)(
		'derives across slices: %s x %i, ID %i',
		async (hash, iterations, purpose, length) => {
			const salt = Buffer.from('0123456789abcdef', 'hex');
			const out = await pkcs12Kdf({ hash, password: 'queeg', salt, iterations, purpose, length });
			const md = hash === 'SHA-1' ? forge.md.sha1.create() : forge.md.sha256.create();
			const expected = forge.pkcs12.generateKey(
				'queeg',
				forge.util.createBuffer(salt.toString('binary')),
				purpose,
				iterations,
				length,
				md
			);
			expect(hex(out)).toBe(Buffer.from(expected.getBytes(), 'binary').toString('hex'));
		}
	);

	it('gives the thread back by the clock, however fast the hashing runs', async () => {
		const yieldsDuring = async (clockStep: number) => {
			let now = 0;
			const clock = vi.spyOn(performance, 'now').mockImplementation(() => (now += clockStep));
			taskYields.count = 0;
			await pkcs12Kdf({
				hash: 'SHA-256',
				password: PASSWORD,
				salt: new Uint8Array(16),
				iterations: 10_000,
				purpose: 3,
				length: 32
			});
			clock.mockRestore();
			return taskYields.count;
		};
		// A clock that never moves: one slice. One that moves 10 ms per look: a yield every look
		// (20 looks of 500 iterations).
		expect(await yieldsDuring(0)).toBeLessThanOrEqual(2);
		expect(await yieldsDuring(10)).toBeGreaterThanOrEqual(15);
	});

	it('gives the thread back while it hashes, so other work is not held up', async () => {
		let derived = false;
		const derivation = pkcs12Kdf({
			hash: 'SHA-256',
			password: PASSWORD,
			salt: new Uint8Array(16),
			iterations: 200_000,
			purpose: 3,
			length: 32
		}).then(() => (derived = true));
		const taskRanDuring = await new Promise<boolean>((resolve) =>
			setTimeout(() => resolve(!derived), 0)
		);
		await derivation;
		expect(taskRanDuring).toBe(true);
	});
});

/**
 * The BER in `bytes`, or null: asn1js throws on some random bytes (a ciphertext that happens to
 * start like a GeneralizedTime), and a ciphertext holds no DER to descend into.
 */
function berOrNull(bytes: Uint8Array): ReturnType<typeof asn1js.fromBER> | null {
	try {
		return asn1js.fromBER(bytes);
	} catch {
		return null;
	}
}

/** Every node of a DER tree, descending into OCTET STRINGs that hold DER themselves. */
function* nodes(node: asn1js.AsnType): Generator<asn1js.AsnType> {
	yield node;
	const value = (node.valueBlock as { value?: unknown }).value;
	if (node.idBlock.isConstructed && Array.isArray(value))
		for (const child of value) yield* nodes(child);
	if (node instanceof asn1js.OctetString && !node.idBlock.isConstructed) {
		const inner = berOrNull(node.valueBlock.valueHexView);
		if (inner && inner.offset === node.valueBlock.valueHexView.length) yield* nodes(inner.result);
	}
}

/** The salt of every PBKDF2 and PKCS#12 PBE parameter set, and the MAC salt. */
function saltLengths(p12: Uint8Array): number[] {
	const pfx = asn1js.fromBER(p12).result;
	const lengths: number[] = [];
	for (const node of nodes(pfx)) {
		const [first, second] = ((node.valueBlock as { value?: asn1js.AsnType[] }).value ?? []) as [
			asn1js.AsnType?,
			asn1js.Sequence?
		];
		const oid = first instanceof asn1js.ObjectIdentifier ? first.getValue() : '';
		if (oid === '1.2.840.113549.1.5.12' || oid === '1.2.840.113549.1.12.1.3') {
			const salt = second!.valueBlock.value[0] as asn1js.OctetString;
			lengths.push(salt.valueBlock.valueHexView.length);
		}
	}
	const macData = (pfx as asn1js.Sequence).valueBlock.value[2] as asn1js.Sequence;
	lengths.push((macData.valueBlock.value[1] as asn1js.OctetString).valueBlock.valueHexView.length);
	return lengths;
}

describe('GnuTLS compatibility (salts of at most 32 bytes, DER only)', () => {
	it.each([
		['modern', [16, 16, 16]],
		['legacy', [8, 8, 8]]
	] as const)('%s writes the salts GnuTLS can hold', async (profile, expected) => {
		const { p12 } = await build(profile);
		expect(saltLengths(p12)).toEqual(expected);
		for (const node of nodes(asn1js.fromBER(p12).result)) {
			expect(node.lenBlock.isIndefiniteForm).toBe(false);
		}
	});
});

describe('buildPkcs12 / readPkcs12', () => {
	it.each(['modern', 'legacy'] as const)(
		'%s: reads back the key, the leaf and the intermediate with a non-ASCII password',
		async (profile) => {
			const { fixture, p12 } = await build(profile);
			const contents = await readPkcs12(p12, PASSWORD);
			expect(contents.privateKeyPkcs8).toEqual(await exportPkcs8(fixture.keys.privateKey));
			expect(contents.certificates).toEqual(fixture.chainDer.slice(0, 2));
			expect(contents.leaf).toEqual(fixture.chainDer[0]);
			expect(contents.friendlyName).toBe('Zoë Ångström');
			const sha1 = new Uint8Array(
				await crypto.subtle.digest('SHA-1', fixture.chainDer[0]!.slice())
			);
			expect(contents.localKeyId).toEqual(sha1);
		}
	);

	it.each(['modern', 'legacy'] as const)(
		'%s: a wrong password is pkcs12_wrong_password',
		async (profile) => {
			const { p12 } = await build(profile);
			expect(await codeOf(readPkcs12(p12, 'Zluťoučký kůň 🐎 €'))).toBe('pkcs12_wrong_password');
			expect(await codeOf(readPkcs12(p12, ''))).toBe('pkcs12_wrong_password');
		}
	);

	it('writes the root only when asked to', async () => {
		const { fixture, p12 } = await build('modern', { includeRoot: true });
		expect((await readPkcs12(p12, PASSWORD)).certificates).toEqual(fixture.chainDer);
	});

	it('writes the profile iteration counts by default', async () => {
		const { p12 } = await build('legacy', { iterations: undefined });
		const pfx = asn1js.fromBER(p12).result as asn1js.Sequence;
		const macData = pfx.valueBlock.value[2] as asn1js.Sequence;
		const iterations = (macData.valueBlock.value[2] as asn1js.Integer).valueBlock.valueDec;
		expect(iterations).toBe(PKCS12_PROFILES.legacy.macIterations);
	});

	it('refuses to build a file whose key is not the leaf key (self-check)', async () => {
		const fixture = await issued();
		const otherKey = await exportPkcs8((await keysFor('P-384')).privateKey);
		const attempt = buildPkcs12({
			privateKeyPkcs8: otherKey,
			chain: fixture.chainDer,
			password: PASSWORD,
			friendlyName: 'x',
			profile: 'modern',
			iterations: FAST
		});
		expect(await codeOf(attempt)).toBe('pkcs12_self_check_failed');
	});

	it('self-check fails on a wrong password, a wrong leaf, missing certificates or another key', async () => {
		const { fixture, p12 } = await build('legacy');
		const ok = { leafDer: fixture.chainDer[0]!, publicKey: fixture.keys.publicKey };
		await expect(selfCheckPkcs12(p12, PASSWORD, ok)).resolves.toBeTruthy();
		const otherKey = (await keysFor('P-384')).publicKey;
		const failures = [
			() => selfCheckPkcs12(p12, 'wrong', ok),
			() => selfCheckPkcs12(p12, PASSWORD, { ...ok, leafDer: fixture.chainDer[1]! }),
			() => selfCheckPkcs12(p12, PASSWORD, { ...ok, certificates: fixture.chainDer }),
			() => selfCheckPkcs12(p12, PASSWORD, { ...ok, publicKey: otherKey })
		];
		for (const failure of failures) expect(await codeOf(failure)).toBe('pkcs12_self_check_failed');
	});

	it('reports a PFX version or mode it does not read as pkcs12_unsupported', async () => {
		const { p12 } = await build('modern');
		// PFX ::= SEQUENCE { version INTEGER (3), ... }: the version byte follows 30 82 LL LL 02 01.
		expect(p12.subarray(4, 7)).toEqual(Uint8Array.of(0x02, 0x01, 0x03));
		expect(await codeOf(readPkcs12(flipBit(p12, 6, 0x01), PASSWORD))).toBe('pkcs12_unsupported');
	});

	it('reports damaged files as pkcs12_malformed or a wrong password, oversized as input_too_large', async () => {
		const { p12 } = await build('modern');
		expect(await codeOf(readPkcs12(p12.subarray(0, p12.length - 10), PASSWORD))).toBe(
			'pkcs12_malformed'
		);
		const flipped = flipBit(p12, -60, 0x80);
		expect(['pkcs12_malformed', 'pkcs12_unsupported', 'pkcs12_wrong_password']).toContain(
			await codeOf(readPkcs12(flipped, PASSWORD))
		);
		expect(await codeOf(readPkcs12(new Uint8Array(MAX_PKCS12_BYTES + 1), PASSWORD))).toBe(
			'input_too_large'
		);
	});
});
