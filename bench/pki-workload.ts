/**
 * The PKI operations the benchmark times, written once and run both in Node and, bundled, in
 * Chromium. Each entry returns the duration of every run in milliseconds.
 */
import forge from 'node-forge';
import { KEY_ALGORITHMS, type KeyAlgorithmName } from '../src/lib/domain/key-algorithms.ts';
import type { Pkcs12Profile } from '../src/lib/domain/pkcs12-profiles.ts';
import { createCsr } from '../src/lib/pki/csr.ts';
import { unwrapPrivateKey, wrapPrivateKey } from '../src/lib/pki/key-wrap.ts';
import { exportPkcs8, generateKeyPair } from '../src/lib/pki/keys.ts';
import { buildPkcs12, PKCS12_PROFILES } from '../src/lib/pki/pkcs12/index.ts';
import { pkcs12Kdf } from '../src/lib/pki/pkcs12/kdf.ts';
import { createTestCa, SUBJECT, SUBJECT_ALT_NAMES } from '../tests/interop/support/ca.ts';

export interface WorkloadConfig {
	runs: { fast: number; slow: number; forgeKeys: number };
	/** Whether to time node-forge (pure JavaScript) too. */
	forge: boolean;
}

export type Timings = Record<string, number[]>;

async function time(runs: number, operation: () => Promise<unknown>): Promise<number[]> {
	await operation();
	const durations: number[] = [];
	for (let i = 0; i < runs; i++) {
		const start = performance.now();
		await operation();
		durations.push(performance.now() - start);
	}
	return durations;
}

const PASSWORD = 'Bench-password-2024';

export async function runPkiWorkload(config: WorkloadConfig): Promise<Timings> {
	const { fast, slow, forgeKeys } = config.runs;
	const timings: Timings = {};
	for (const algorithm of KEY_ALGORITHMS) {
		const runs = algorithm === 'RSA-4096' ? slow : algorithm.startsWith('RSA') ? fast : fast * 2;
		timings[`keygen ${algorithm}`] = await time(runs, () => generateKeyPair(algorithm));
	}

	const rsa = await generateKeyPair('RSA-2048');
	for (const [algorithm, keys] of [
		['P-256', await generateKeyPair('P-256')],
		['RSA-2048', rsa]
	] as [KeyAlgorithmName, CryptoKeyPair][]) {
		timings[`csr ${algorithm}`] = await time(fast * 2, () =>
			createCsr({ keys, subject: SUBJECT, subjectAltNames: SUBJECT_ALT_NAMES })
		);
	}

	const ca = await createTestCa('Bench');
	const leaf = await ca.issue({
		publicKey: rsa.publicKey,
		subject: SUBJECT,
		subjectAltNames: SUBJECT_ALT_NAMES
	});
	const chain = [leaf, ca.intermediate].map((c) => new Uint8Array(c.rawData));
	const pkcs8 = await exportPkcs8(rsa.privateKey);
	for (const profile of ['modern', 'legacy'] as Pkcs12Profile[]) {
		timings[`p12 ${profile}`] = await time(slow, () =>
			buildPkcs12({
				privateKeyPkcs8: pkcs8,
				chain,
				password: PASSWORD,
				friendlyName: 'Bench',
				profile
			})
		);
	}

	// One block of the PKCS#12 KDF at each profile's MAC count: the JavaScript part of a build.
	for (const [hash, iterations] of [
		['SHA-1', PKCS12_PROFILES.legacy.macIterations],
		['SHA-256', PKCS12_PROFILES.modern.macIterations]
	] as const) {
		const salt = new Uint8Array(16);
		timings[`pkcs12 kdf ${hash} x${iterations}`] = await time(slow, async () =>
			pkcs12Kdf({ hash, password: PASSWORD, salt, iterations, purpose: 3, length: 20 })
		);
	}

	let wrapped: Uint8Array = new Uint8Array();
	timings['key wrap'] = await time(slow, async () => {
		wrapped = await wrapPrivateKey(pkcs8, PASSWORD);
	});
	timings['key unwrap'] = await time(slow, () => unwrapPrivateKey(wrapped, PASSWORD));

	if (config.forge) {
		// node-forge's own switch to keep it off Node's crypto; @types/node-forge does not declare it.
		(
			forge as typeof forge & { options: { usePureJavaScript: boolean } }
		).options.usePureJavaScript = true;
		timings['forge keygen RSA-2048'] = await time(forgeKeys, () =>
			Promise.resolve(forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 }))
		);
		// node-forge writes only the legacy profile's format (3DES bags, SHA-1 MAC, one count).
		const binary = (bytes: Uint8Array) => forge.util.binary.raw.encode(bytes);
		const key = forge.pki.privateKeyFromAsn1(forge.asn1.fromDer(binary(pkcs8)));
		// node-forge reads only RSA certificates, so its file holds the leaf without the (ECDSA) CA.
		const certificates = chain
			.slice(0, 1)
			.map((der) => forge.pki.certificateFromAsn1(forge.asn1.fromDer(binary(der))));
		const count = PKCS12_PROFILES.legacy.encryptionIterations;
		timings['forge p12 legacy'] = await time(slow, () =>
			Promise.resolve(
				forge.asn1.toDer(
					forge.pkcs12.toPkcs12Asn1(key, certificates, PASSWORD, {
						algorithm: '3des',
						count,
						friendlyName: 'Bench',
						generateLocalKeyId: true
					})
				)
			)
		);
	}
	return timings;
}
