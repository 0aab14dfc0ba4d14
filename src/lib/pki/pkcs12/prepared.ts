/**
 * A .p12's password-based keys, derived before there is a key or a certificate to put in it: they
 * depend only on the password, the profile and the salts, and the salts can be drawn at any time.
 * buildPkcs12 derives them this way itself when nothing was prepared, so a file built from
 * prepared keys and one built without are made the same way.
 */
import { equalBytes } from '../bytes.ts';
import { nextTask } from '../next-task.ts';
import { Derivations } from './derivations.ts';
import { encryptWithPassword, schemeOf } from './encryption.ts';
import { deriveMacKey, newMacSalt } from './mac.ts';
import type { Pkcs12ProfileSpec } from './profiles.ts';
import type { Encrypted } from './scheme.ts';

export interface Pkcs12Salts {
	keyBag: Uint8Array;
	certBags: Uint8Array;
	mac: Uint8Array;
}

export interface PreparedPkcs12 {
	readonly password: string;
	readonly spec: Pkcs12ProfileSpec;
	readonly salts: Pkcs12Salts;
	/** The keys, by their inputs: the build and its self-check look them up there. */
	readonly derivations: Derivations;
	/** False when a derivation failed: the file is then built from keys derived anew. */
	readonly ready: Promise<boolean>;
	/** The shrouded key bag, encrypted once per key: ahead of the certificate, or by the build. */
	shroudKey(privateKeyPkcs8: Uint8Array): Promise<Encrypted>;
}

export interface PrepareOptions {
	/**
	 * The bags' PBKDF2 waits for this to settle. WebCrypto derives one PBKDF2 at a time, in the order
	 * asked (Chromium has one thread for them per renderer), so a derivation needed sooner (the key
	 * wrap's, before the certificate request can leave) or work asked for meanwhile (an RSA key
	 * generation) would otherwise queue behind the bags', which only the finished file needs.
	 */
	bagsAfter?: Promise<unknown>;
}

export function preparePkcs12(
	password: string,
	spec: Pkcs12ProfileSpec,
	options: PrepareOptions = {}
): PreparedPkcs12 {
	const scheme = schemeOf(spec);
	const keyBag = scheme.newSalt();
	const salts = {
		keyBag,
		certBags: scheme.bagsShareSalt ? keyBag : scheme.newSalt(),
		mac: newMacSalt(spec.macHash)
	};
	const derivations = new Derivations();
	let shrouded: { pkcs8: Uint8Array; bag: Promise<Encrypted> } | null = null;
	return {
		password,
		spec,
		salts,
		derivations,
		ready: deriveAll(derivations, password, spec, salts, options.bagsAfter).then(
			() => true,
			() => false
		),
		shroudKey(pkcs8) {
			if (!shrouded || !equalBytes(shrouded.pkcs8, pkcs8)) {
				const bag = encryptWithPassword(derivations, spec, password, pkcs8, salts.keyBag);
				shrouded = { pkcs8, bag };
			}
			return shrouded.bag;
		}
	};
}

/** Prepared keys serve only the build they were derived for: same password, same profile and counts. */
export function fitsBuild(
	prepared: PreparedPkcs12,
	password: string,
	spec: Pkcs12ProfileSpec
): boolean {
	const fields = Object.keys(spec) as (keyof Pkcs12ProfileSpec)[];
	return (
		prepared.password === password && fields.every((field) => prepared.spec[field] === spec[field])
	);
}

/**
 * WebCrypto runs PBKDF2 off this thread; the MAC's PKCS#12 KDF is JavaScript on it. With the
 * password imported, one turn of the event loop lets the bags issue their derivations (one, where
 * they share a salt), so that the MAC key is derived while they run instead of after them. The MAC
 * key gives the thread back between slices, so bags that wait for `bagsAfter` start on time.
 */
async function deriveAll(
	derivations: Derivations,
	password: string,
	spec: Pkcs12ProfileSpec,
	salts: Pkcs12Salts,
	bagsAfter: Promise<unknown> = Promise.resolve()
): Promise<void> {
	const scheme = schemeOf(spec);
	await derivations.passwordKey(password);
	const bags = bagsAfter
		.catch(() => undefined)
		.then(() =>
			Promise.all(
				[salts.keyBag, salts.certBags].map((salt) =>
					scheme.prepare(derivations, password, salt, spec.encryptionIterations)
				)
			)
		);
	await nextTask();
	const mac = deriveMacKey(derivations, spec.macHash, password, salts.mac, spec.macIterations);
	await Promise.all([bags, mac]);
}
