import { UnreadablePickupError } from '../store/records.ts';
import type { KeyChoice } from '../store/schema.ts';
import { loadPickupCrypto, type PickupCrypto } from './crypto.ts';
import { backgroundCryptoWork, type BackgroundCryptoEffect } from './crypto-work.ts';
import { performCall, type CallEffect, type CallPorts } from './effect-calls.ts';
import type { LinkReading } from './link.ts';
import type { Effect } from './machine/effects.ts';
import type { PickupEvent } from './machine/events.ts';
import { transition } from './machine/pickup.ts';
import { initialPickup, type Pickup } from './machine/states.ts';
import type { Platform } from './platform.ts';
import type { PickupApiPort, PickupStorePort, TabLock } from './ports.ts';
import type { PickupState } from './state.ts';
import { defaultUseTarget, type UseTarget } from './use-target.ts';

export interface PickupFlowOptions {
	api: PickupApiPort;
	/** Null when IndexedDB is unavailable: the pickup still works, it just cannot resume. */
	store: PickupStorePort | null;
	/** Resolves when the browser reports the connection back (the `online` event). */
	online?: () => Promise<void>;
	lock: TabLock;
	platform: Platform;
	/**
	 * navigator.storage.persist(), where the browser has it. Firefox answers it with a permission
	 * prompt that may never be answered, so it is asked on the applicant's first click and never
	 * awaited.
	 */
	requestPersistence?: () => Promise<boolean>;
	/** navigator.storage.persisted(): the current answer, without a prompt. */
	isPersisted?: () => Promise<boolean>;
	/**
	 * Days of browser use without a visit after which the browser deletes the app's storage
	 * (WebKit's tracking prevention, see storage-rules.ts); null where storage is not capped.
	 */
	storageCapDays?: number | null;
	loadCrypto?: () => Promise<PickupCrypto>;
	wait?: (milliseconds: number) => Promise<void>;
	now?: () => Date;
	/** Jitter for retry delays, so many kiosks or tabs do not retry in step. */
	random?: () => number;
	/** WebCrypto is missing in old browsers and on pages not served over https. */
	hasWebCrypto?: () => boolean;
}

type Defaulted = 'loadCrypto' | 'wait' | 'online' | 'now' | 'random' | 'hasWebCrypto';

/**
 * Runs the pickup whose states and transitions machine/pickup.ts lays out: the UI renders `state`
 * and calls the event methods; this class performs the effects the transitions ask for (crypto,
 * API, store, timers, tab lock) and feeds their outcomes back as events.
 */
export class PickupFlow {
	#pickup: Pickup;
	readonly #listeners = new Set<(state: PickupState) => void>();
	readonly #options: PickupFlowOptions & Required<Pick<PickupFlowOptions, Defaulted>>;
	readonly #calls: CallPorts;
	#crypto: Promise<PickupCrypto> | null = null;
	/** Counts the times this tab stopped working on the pickup: later outcomes of earlier work are dropped. */
	#generation = 0;

	constructor(options: PickupFlowOptions) {
		this.#options = {
			loadCrypto: loadPickupCrypto,
			wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
			online: () => new Promise(() => undefined),
			now: () => new Date(),
			random: Math.random,
			hasWebCrypto: () => Boolean(globalThis.crypto?.subtle),
			...options
		};
		const { api, store, wait, online } = this.#options;
		this.#calls = {
			api,
			store,
			crypto: () => this.#cryptoModule(),
			pause: (seconds) => Promise.race([wait(seconds * 1000), online()])
		};
		this.#pickup = initialPickup({
			defaultTarget: defaultUseTarget(options.platform),
			storageCapDays: options.storageCapDays ?? null,
			hasStore: Boolean(options.store)
		});
	}

	get state(): PickupState {
		return this.#pickup.view;
	}

	subscribe(listener: (state: PickupState) => void): () => void {
		this.#listeners.add(listener);
		listener(this.#pickup.view);
		return () => this.#listeners.delete(listener);
	}

	open(reading: LinkReading): Promise<void> {
		return this.#dispatch({ type: 'open', reading, hasWebCrypto: this.#options.hasWebCrypto() });
	}

	/** Continues a pickup saved on this device (after a reload, or from the start page's list). */
	async openSaved(orderId: string): Promise<void> {
		const linkSecret = await this.#storedLinkSecret(orderId);
		await this.open(
			linkSecret ? { kind: 'link', link: { orderId, linkSecret } } : { kind: 'none' }
		);
	}

	/** From another tab's pickup of the same order: continue it here instead. */
	takeOver(): Promise<void> {
		return this.#dispatch({ type: 'take-over' });
	}

	confirmReview(): void {
		void this.#dispatch({ type: 'confirm-review' });
	}

	submitPickupPassword(pickupPassword: string): Promise<void> {
		return this.#dispatch({ type: 'submit-pickup-password', pickupPassword });
	}

	/** `target`: the applicant's answer to "Where will you use this certificate?", else the one shown. */
	submitCertificatePassword(
		password: string,
		confirmation: string,
		target?: UseTarget
	): Promise<void> {
		return this.#dispatch({ type: 'submit-certificate-password', password, confirmation, target });
	}

	acceptAgreement(accepted: boolean): Promise<void> {
		return this.#dispatch({ type: 'accept-agreement', accepted });
	}

	/** `target` may differ from the one the password was chosen for: the password must suit it too. */
	chooseKeyOptions(choice: KeyChoice, target?: UseTarget): Promise<void> {
		return this.#dispatch({ type: 'choose-key-options', choice, target });
	}

	startCsrUpload(): void {
		void this.#dispatch({ type: 'start-csr-upload' });
	}

	cancelCsrUpload(): void {
		void this.#dispatch({ type: 'cancel-csr-upload' });
	}

	submitCsr(input: string | Uint8Array): Promise<void> {
		return this.#dispatch({ type: 'submit-csr', input });
	}

	unlock(password: string): Promise<void> {
		return this.#dispatch({ type: 'unlock', password });
	}

	retry(): Promise<void> {
		return this.#dispatch({ type: 'retry' });
	}

	startAfresh(): Promise<void> {
		return this.#dispatch({ type: 'start-afresh' });
	}

	acknowledgeCollected(): Promise<void> {
		return this.#dispatch({ type: 'acknowledge-collected' });
	}

	/**
	 * Applies the event, then runs the effects in order, each outcome applied before the next
	 * effect runs; a call that runs beside them has its outcome applied when it comes. Resolves
	 * when all are done, or when this tab stopped working on the pickup.
	 */
	async #dispatch(event: PickupEvent): Promise<void> {
		const generation = this.#generation;
		const beside: Promise<void>[] = [];
		let queue = this.#apply(event);
		while (queue.length > 0 && generation === this.#generation) {
			const [effect, ...rest] = queue as [Effect, ...Effect[]];
			const outcome = await this.#perform(effect, beside);
			const current = generation === this.#generation;
			queue = outcome && current ? [...this.#apply(outcome), ...rest] : rest;
		}
		await Promise.all(beside);
	}

	#apply(event: PickupEvent): Effect[] {
		const shown = this.#pickup.view;
		const clock = { now: this.#options.now(), random: this.#options.random() };
		const { pickup, effects } = transition(this.#pickup, event, clock);
		this.#pickup = pickup;
		if (pickup.view !== shown) for (const listener of this.#listeners) listener(pickup.view);
		return effects;
	}

	async #perform(effect: Effect, beside: Promise<void>[]): Promise<PickupEvent | null> {
		switch (effect.type) {
			case 'read-summary':
				beside.push(this.#besideTheQueue(effect));
				return null;
			case 'claim-tab': {
				const onLost = () => void this.#dispatch({ type: 'tab-lost' });
				const options = { steal: effect.steal, onLost };
				const owned = await this.#options.lock.acquire(effect.orderId, options);
				return { type: owned ? 'tab-claimed' : 'tab-busy' };
			}
			case 'abandon':
				this.#abandon();
				return null;
			case 'preload-crypto':
				this.#preloadCrypto();
				return null;
			case 'request-persistence':
				this.#askPersistence(this.#options.requestPersistence);
				return null;
			case 'read-persistence':
				this.#askPersistence(this.#options.isPersisted);
				return null;
			case 'prepare-derivations':
			case 'prepare-key-bag':
			case 'release-derivations':
				this.#inBackground(effect);
				return null;
			default:
				return performCall(effect, this.#calls);
		}
	}

	/** A call the effects after it do not wait for: its outcome is dispatched as soon as it comes. */
	async #besideTheQueue(effect: CallEffect): Promise<void> {
		const generation = this.#generation;
		const outcome = await performCall(effect, this.#calls);
		if (outcome && generation === this.#generation) await this.#dispatch(outcome);
	}

	/**
	 * This tab no longer works on the pickup (another tab took it over): the single place where
	 * work under way is given up. Outcomes still to come are dropped, so nothing more is shown or
	 * written.
	 */
	#abandon(): void {
		this.#generation++;
	}

	/** A record that cannot be read may still hold its link secret: opening the link then offers to start again. */
	async #storedLinkSecret(orderId: string): Promise<string | undefined> {
		try {
			return (await this.#options.store?.get(orderId))?.linkSecret;
		} catch (error) {
			return error instanceof UnreadablePickupError ? error.linkSecret : undefined;
		}
	}

	/** Asks the browser about persistent storage without waiting: a prompt may never be answered. */
	#askPersistence(ask: (() => Promise<boolean>) | undefined): void {
		const generation = this.#generation;
		void ask?.()
			.catch(() => false)
			.then((persistent) => {
				if (persistent && generation === this.#generation) {
					void this.#dispatch({ type: 'became-persistent' });
				}
			});
	}

	/** Never awaited, and a failure is no event: what is missing later is derived on demand. */
	#inBackground(effect: BackgroundCryptoEffect): void {
		this.#cryptoModule().then(
			(crypto) => backgroundCryptoWork(effect, crypto).catch(() => undefined),
			() => {
				// As after a failed preload: loaded again, and then reported, when really needed.
				this.#crypto = null;
			}
		);
	}

	#preloadCrypto(): void {
		this.#cryptoModule().catch(() => {
			// A failed preload is retried, and then reported, when the crypto is really needed.
			this.#crypto = null;
		});
	}

	#cryptoModule(): Promise<PickupCrypto> {
		this.#crypto ??= this.#options.loadCrypto();
		return this.#crypto;
	}
}
