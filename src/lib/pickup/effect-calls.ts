import { UnreadablePickupError } from '../store/records.ts';
import { cryptoWork, type BackgroundCryptoEffect, type CryptoEffect } from './crypto-work.ts';
import type { PickupCrypto } from './crypto.ts';
import { toFlowError } from './errors.ts';
import type { Effect } from './machine/effects.ts';
import type { PickupEvent } from './machine/events.ts';
import type { PickupApiPort, PickupStorePort } from './ports.ts';
import type { FlowError } from './state.ts';

/** What the calls go through; PickupFlow hands in the app's or a test's. */
export interface CallPorts {
	api: PickupApiPort;
	store: PickupStorePort | null;
	crypto: () => Promise<PickupCrypto>;
	/** Waits the given seconds, or less if the connection comes back meanwhile. */
	pause: (seconds: number) => Promise<void>;
}

/** The effects that call out (API, store, crypto, timer) and come back with at most one event. */
export type CallEffect = Exclude<
	Effect,
	| {
			type: 'claim-tab' | 'abandon' | 'preload-crypto' | 'request-persistence' | 'read-persistence';
	  }
	| BackgroundCryptoEffect
>;

export async function performCall(
	effect: CallEffect,
	ports: CallPorts
): Promise<PickupEvent | null> {
	const { api, store } = ports;
	switch (effect.type) {
		case 'read-saved':
			return readSaved(store, effect.orderId);
		case 'read-summary': {
			const { orderId, linkSecret } = effect.link;
			return attempt(
				async () => ({ type: 'summary-read', order: await api.summary(orderId, linkSecret) }),
				(error) => ({ type: 'summary-failed', error })
			);
		}
		case 'save':
			// Quota or a storage error: the pickup goes on in memory; the review says it cannot resume.
			return (
				store
					?.put(effect.record)
					.then(() => null)
					.catch(() => ({ type: 'storage-failed' }) as const) ?? null
			);
		case 'forget':
			await store?.delete(effect.orderId).catch(() => undefined);
			return null;
		case 'open-session': {
			const { link, pickupPassword } = effect;
			return attempt(
				async () => {
					const grant = await api.openSession(link.orderId, link.linkSecret, pickupPassword);
					const session = { token: grant.sessionToken, expiresAt: grant.expiresAt };
					return { type: 'session-opened', session };
				},
				(error) => ({ type: 'session-refused', error })
			);
		}
		case 'request-certificate': {
			const { orderId, session, body } = effect;
			return attempt(
				async () => ({
					type: 'issuance',
					result: await api.requestCertificate(orderId, session, body)
				}),
				(error) => ({ type: 'request-failed', error })
			);
		}
		case 'wait':
			await ports.pause(effect.seconds);
			return { type: 'retry-due', of: effect.then };
		case 'fetch-certificate':
			return attempt(
				async () => ({
					type: 'polled',
					result: await api.fetchCertificate(effect.orderId, effect.credential)
				}),
				(error) => ({ type: 'poll-failed', error })
			);
		case 'acknowledge':
			return attempt(
				async () => {
					await api.acknowledgeCollected(effect.orderId, effect.session);
					return { type: 'acknowledged' };
				},
				(error) => ({ type: 'acknowledge-failed', error })
			);
		default:
			return cryptoCall(effect, ports);
	}
}

function cryptoCall(effect: CryptoEffect, ports: CallPorts): Promise<PickupEvent> {
	const failed = (error: FlowError): PickupEvent => {
		switch (effect.type) {
			case 'check-csr':
				return { type: 'csr-refused', error };
			case 'unwrap-key':
				return { type: 'unwrap-failed', error };
			default:
				return { type: 'work-failed', error };
		}
	};
	return attempt(async () => cryptoWork(effect, await ports.crypto()), failed);
}

async function readSaved(store: PickupStorePort | null, orderId: string): Promise<PickupEvent> {
	try {
		return { type: 'saved-read', saved: (await store?.get(orderId)) ?? undefined };
	} catch (error) {
		if (error instanceof UnreadablePickupError) {
			return { type: 'saved-read', saved: undefined, unreadable: error.message };
		}
		return { type: 'saved-read', saved: undefined, storageFailed: true };
	}
}

/** Runs one call; a failure becomes the event `failed` makes of it. */
async function attempt(
	work: () => Promise<PickupEvent>,
	failed: (error: FlowError) => PickupEvent
): Promise<PickupEvent> {
	try {
		return await work();
	} catch (error) {
		return failed(toFlowError(error));
	}
}
