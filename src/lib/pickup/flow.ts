import { UnreadablePickupError } from '../store/records';
import type { KeyChoice } from '../store/schema';
import { loadPickupCrypto, type PickupCrypto } from './crypto';
import { toFlowError } from './errors';
import type { LinkReading } from './link';
import type { Effect } from './machine/effects';
import type { PickupEvent } from './machine/events';
import { transition } from './machine/pickup';
import { initialPickup, type Pickup } from './machine/states';
import type { Platform } from './platform';
import type { PickupApiPort, PickupStorePort, TabLock } from './ports';
import type { FlowError, PickupState } from './state';
import { defaultUseTarget, type UseTarget } from './use-target';

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
	 * effect runs. Resolves when the last one is done, or when this tab stopped working on the pickup.
	 */
	async #dispatch(event: PickupEvent): Promise<void> {
		const generation = this.#generation;
		let queue = this.#apply(event);
		while (queue.length > 0 && generation === this.#generation) {
			const [effect, ...rest] = queue as [Effect, ...Effect[]];
			const outcome = await this.#perform(effect);
			const current = generation === this.#generation;
			queue = outcome && current ? [...this.#apply(outcome), ...rest] : rest;
		}
	}

	#apply(event: PickupEvent): Effect[] {
		const shown = this.#pickup.view;
		const clock = { now: this.#options.now(), random: this.#options.random() };
		const { pickup, effects } = transition(this.#pickup, event, clock);
		this.#pickup = pickup;
		if (pickup.view !== shown) for (const listener of this.#listeners) listener(pickup.view);
		return effects;
	}

	async #perform(effect: Effect): Promise<PickupEvent | null> {
		const { api, store, lock } = this.#options;
		switch (effect.type) {
			case 'claim-tab': {
				const onLost = () => void this.#dispatch({ type: 'tab-lost' });
				const owned = await lock.acquire(effect.orderId, { steal: effect.steal, onLost });
				return { type: owned ? 'tab-claimed' : 'tab-busy' };
			}
			case 'abandon':
				this.#abandon();
				return null;
			case 'preload-crypto':
				this.#preloadCrypto();
				return null;
			case 'read-saved':
				return this.#readSaved(effect.orderId);
			case 'read-summary':
				return attempt(
					async () => ({
						type: 'summary-read',
						order: await api.summary(effect.link.orderId, effect.link.linkSecret)
					}),
					(error) => ({ type: 'summary-failed', error })
				);
			case 'save':
				return (
					store
						?.put(effect.record)
						.then(() => null)
						.catch(() => ({ type: 'storage-failed' }) as const) ?? null
				);
			case 'forget':
				await store?.delete(effect.orderId).catch(() => undefined);
				return null;
			case 'request-persistence':
				this.#inBackground(this.#options.requestPersistence);
				return null;
			case 'read-persistence':
				this.#inBackground(this.#options.isPersisted);
				return null;
			case 'open-session':
				return attempt(
					async () => {
						const { link, pickupPassword } = effect;
						const grant = await api.openSession(link.orderId, link.linkSecret, pickupPassword);
						return {
							type: 'session-opened',
							session: { token: grant.sessionToken, expiresAt: grant.expiresAt }
						};
					},
					(error) => ({ type: 'session-refused', error })
				);
			case 'make-key':
				return attempt(() => this.#makeKey(effect), workFailed);
			case 'check-csr':
				return attempt(
					async () => {
						const crypto = await this.#cryptoModule();
						return {
							type: 'csr-accepted',
							csrPem: await crypto.checkUploadedCsr(effect.input, effect.order)
						};
					},
					(error) => ({ type: 'csr-refused', error })
				);
			case 'request-certificate':
				return attempt(
					async () => ({
						type: 'issuance',
						result: await api.requestCertificate(effect.orderId, effect.session, effect.body)
					}),
					(error) => ({ type: 'request-failed', error })
				);
			case 'wait':
				await Promise.race([this.#options.wait(effect.seconds * 1000), this.#options.online()]);
				return { type: 'retry-due', of: effect.then };
			case 'fetch-certificate':
				return attempt(
					async () => ({
						type: 'polled',
						result: await api.fetchCertificate(effect.orderId, effect.credential)
					}),
					(error) => ({ type: 'poll-failed', error })
				);
			case 'unwrap-key':
				return attempt(
					async () => {
						const crypto = await this.#cryptoModule();
						const privateKeyPkcs8 = await crypto.unwrapPrivateKey(
							effect.wrappedKey,
							effect.password
						);
						return { type: 'key-unwrapped', privateKeyPkcs8, password: effect.password };
					},
					(error) => ({ type: 'unwrap-failed', error })
				);
			case 'build-p12':
				return attempt(async () => {
					const crypto = await this.#cryptoModule();
					const result = await crypto.pickupResult(effect.params);
					return { type: 'files-built', files: { step: 'done', result } };
				}, workFailed);
			case 'build-csr-files':
				return attempt(async () => {
					const crypto = await this.#cryptoModule();
					const result = await crypto.csrResult(effect.params);
					return { type: 'files-built', files: { step: 'csr-done', result } };
				}, workFailed);
			case 'acknowledge':
				return attempt(
					async () => {
						await api.acknowledgeCollected(effect.orderId, effect.session);
						return { type: 'acknowledged' };
					},
					(error) => ({ type: 'acknowledge-failed', error })
				);
		}
	}

	/**
	 * The key pair, then its wrapping under the certificate password (PBKDF2) and the signed
	 * request side by side: neither needs the other. The transition stores both before the
	 * request is sent.
	 */
	async #makeKey({ order, choice, password }: Extract<Effect, { type: 'make-key' }>) {
		const crypto = await this.#cryptoModule();
		const keys = await crypto.generateKeyPair(choice.algorithm, order.keyPolicy.allowed);
		const sealed = crypto.exportPkcs8(keys.privateKey).then(async (privateKeyPkcs8) => ({
			privateKeyPkcs8,
			wrappedKey: await crypto.wrapPrivateKey(privateKeyPkcs8, password)
		}));
		const request = crypto.createCsr({
			keys,
			subject: order.subject,
			subjectAltNames: order.subjectAltNames
		});
		const [{ privateKeyPkcs8, wrappedKey }, csrPem] = await Promise.all([sealed, request]);
		return { type: 'key-made', privateKeyPkcs8, wrappedKey, csrPem } as const;
	}

	/**
	 * This tab no longer works on the pickup (another tab took it over): the single place where
	 * work under way is given up. Outcomes still to come are dropped, so nothing more is shown or
	 * written.
	 */
	#abandon(): void {
		this.#generation++;
	}

	async #readSaved(orderId: string): Promise<PickupEvent> {
		try {
			return { type: 'saved-read', saved: (await this.#options.store?.get(orderId)) ?? undefined };
		} catch (error) {
			if (error instanceof UnreadablePickupError) {
				return { type: 'saved-read', saved: undefined, unreadable: error.message };
			}
			return { type: 'saved-read', saved: undefined, storageFailed: true };
		}
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
	#inBackground(ask: (() => Promise<boolean>) | undefined): void {
		const generation = this.#generation;
		void ask?.()
			.catch(() => false)
			.then((persistent) => {
				if (persistent && generation === this.#generation) {
					void this.#dispatch({ type: 'became-persistent' });
				}
			});
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

/** Runs one effect's work; a failure becomes the event `failed` makes of it. */
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

function workFailed(error: FlowError): PickupEvent {
	return { type: 'work-failed', error };
}
