import type { PickupCrypto } from './crypto.ts';
import type { Effect } from './machine/effects.ts';
import type { PickupEvent } from './machine/events.ts';

/** The effects that need the crypto chunk (see crypto.ts). */
export type CryptoEffect = Extract<
	Effect,
	{ type: 'make-key' | 'check-csr' | 'unwrap-key' | 'build-p12' | 'build-csr-files' }
>;

/** Crypto work that no event waits for: missing, it is done on demand when its result is needed. */
export type BackgroundCryptoEffect = Extract<
	Effect,
	{ type: 'prepare-derivations' | 'prepare-key-bag' | 'release-derivations' }
>;

export function backgroundCryptoWork(
	effect: BackgroundCryptoEffect,
	crypto: PickupCrypto
): Promise<void> {
	switch (effect.type) {
		case 'prepare-derivations':
			return crypto.prepareDerivations(effect.handle, effect.password, effect.profile);
		case 'prepare-key-bag':
			return crypto.prepareKeyBag(effect.handle, effect.privateKeyPkcs8, effect.profile);
		case 'release-derivations':
			return crypto.releaseDerivations(effect.handle);
	}
}

export async function cryptoWork(effect: CryptoEffect, crypto: PickupCrypto): Promise<PickupEvent> {
	switch (effect.type) {
		case 'make-key':
			return makeKey(effect, crypto);
		case 'check-csr':
			return {
				type: 'csr-accepted',
				csrPem: await crypto.checkUploadedCsr(effect.input, effect.order)
			};
		case 'unwrap-key': {
			const { wrappedKey, password } = effect;
			const privateKeyPkcs8 = await crypto.unwrapPrivateKey(wrappedKey, password);
			return { type: 'key-unwrapped', privateKeyPkcs8, password };
		}
		case 'build-p12': {
			const result = await crypto.pickupResult(effect.params);
			return { type: 'files-built', files: { step: 'done', result } };
		}
		case 'build-csr-files': {
			const result = await crypto.csrResult(effect.params);
			return { type: 'files-built', files: { step: 'csr-done', result } };
		}
	}
}

/**
 * The key pair, then its wrapping under the certificate password (PBKDF2, unless derived ahead)
 * and the signed request side by side: neither needs the other. The transition stores both before the request is sent.
 */
async function makeKey(
	{ order, choice, password, prepared }: Extract<Effect, { type: 'make-key' }>,
	crypto: PickupCrypto
): Promise<PickupEvent> {
	const keys = await crypto.generateKeyPair(choice.algorithm, order.keyPolicy.allowed);
	const sealed = crypto.exportPkcs8(keys.privateKey).then(async (privateKeyPkcs8) => ({
		privateKeyPkcs8,
		wrappedKey: await crypto.wrapPrivateKey(privateKeyPkcs8, password, prepared)
	}));
	const request = crypto.createCsr({
		keys,
		subject: order.subject,
		subjectAltNames: order.subjectAltNames
	});
	const [{ privateKeyPkcs8, wrappedKey }, csrPem] = await Promise.all([sealed, request]);
	return { type: 'key-made', privateKeyPkcs8, wrappedKey, csrPem };
}
