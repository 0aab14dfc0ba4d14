import type { Credential } from '../api/client';
import { ApiError } from '../api/errors';
import { retryDelaySeconds } from '../api/retry';
import type { IssuanceResult, OrderStatus, OrderSummary } from '../api/types';
import { SCHEMA_VERSION, UnreadablePickupError } from '../store/records';
import type { KeyChoice, SavedPickup, SavedStep } from '../store/schema';
import { loadPickupCrypto, type PickupCrypto } from './crypto';
import { isOrderGone, isRetryable, toFlowError } from './errors';
import type { LinkReading, PickupLink } from './link';
import { meetsPolicy, meetsTargetLimits } from './password-policy';
import type { Platform } from './platform';
import type { PickupApiPort, PickupStorePort, TabLock } from './ports';
import type { FlowError, FlowErrorCode, PickupState, StorageCap, StorageStatus } from './state';
import { defaultUseTarget, recommendedKeyChoice, type UseTarget } from './use-target';

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

const COLLECTABLE = new Set<OrderStatus>([
	'awaiting_pickup',
	'request_received',
	'pending',
	'issued'
]);
const CLOSED_BECAUSE: Partial<Record<OrderStatus, FlowErrorCode>> = {
	expired: 'order_expired',
	cancelled: 'order_cancelled',
	collected: 'order_collected',
	locked: 'order_locked'
};
// A session this close to its end would expire during the next request.
const SESSION_MARGIN_MS = 60_000;

/**
 * The pickup as a state machine (brief, "The flow"). The UI renders `state` and calls the event
 * methods. Every step that changes what the pickup holds is saved before the next one starts, so
 * a reload, a crash or a closed tab resumes at the step where it stopped.
 */
export class PickupFlow {
	#state: PickupState = { step: 'opening' };
	readonly #listeners = new Set<(state: PickupState) => void>();
	readonly #options: Required<
		Omit<PickupFlowOptions, 'store' | 'requestPersistence' | 'isPersisted' | 'storageCapDays'>
	> &
		Pick<PickupFlowOptions, 'store' | 'requestPersistence' | 'isPersisted' | 'storageCapDays'>;
	#link: PickupLink | null = null;
	#saved: SavedPickup | null = null;
	/** Held in memory only, between choosing it and building the file. */
	#password: string | null = null;
	/** Where the file will be used: it advised the password, so it is kept, and forgotten, with it. */
	#target: UseTarget | null = null;
	#privateKeyPkcs8: Uint8Array | null = null;
	#crypto: Promise<PickupCrypto> | null = null;
	#storage: StorageStatus = 'best-effort';
	#ownsTab = true;
	/** The server says collected, and the file is being rebuilt from what this device holds. */
	#alreadyCollected = false;

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
		if (!options.store) this.#storage = 'unavailable';
	}

	get state(): PickupState {
		return this.#state;
	}

	subscribe(listener: (state: PickupState) => void): () => void {
		this.#listeners.add(listener);
		listener(this.#state);
		return () => this.#listeners.delete(listener);
	}

	async open(reading: LinkReading): Promise<void> {
		if (reading.kind !== 'link') {
			const code = reading.kind === 'none' ? 'link_missing' : 'link_malformed';
			this.#fail({ code, detail: `pickup link: ${reading.kind}` }, null);
			return;
		}
		if (!this.#options.hasWebCrypto()) {
			this.#fail({ code: 'crypto_unavailable', detail: 'crypto.subtle is missing' }, null);
			return;
		}
		this.#link = reading.link;
		await this.#claimTab(false);
	}

	/** Continues a pickup saved on this device (after a reload, or from the start page's list). */
	async openSaved(orderId: string): Promise<void> {
		// A record that cannot be read may still hold its link secret: opening the link then
		// says the pickup cannot be resumed and offers to start again.
		const linkSecret = (await this.#readSaved(orderId))?.linkSecret;
		await this.open(
			linkSecret ? { kind: 'link', link: { orderId, linkSecret } } : { kind: 'none' }
		);
	}

	/** From another tab's pickup of the same order: continue it here instead. */
	async takeOver(): Promise<void> {
		if (this.#state.step === 'busy-elsewhere') await this.#claimTab(true);
	}

	confirmReview(): void {
		const state = this.#state;
		if (state.step !== 'review') return;
		void this.#requestPersistence();
		this.#advance('pickup-password', {
			step: 'pickup-password',
			order: state.order,
			busy: false,
			error: null
		});
	}

	async submitPickupPassword(pickupPassword: string): Promise<void> {
		const state = this.#state;
		const link = this.#link;
		if (state.step !== 'pickup-password' || state.busy || !link) return;
		this.#set({ ...state, busy: true, error: null });
		try {
			const grant = await this.#options.api.openSession(
				link.orderId,
				link.linkSecret,
				pickupPassword
			);
			await this.#save({ session: { token: grant.sessionToken, expiresAt: grant.expiresAt } });
		} catch (error) {
			const flowError = toFlowError(error);
			if (error instanceof ApiError && error.code === 'pickup_password_wrong') {
				const order = {
					...state.order,
					pickupAttemptsLeft: error.attemptsLeft ?? state.order.pickupAttemptsLeft
				};
				this.#set({ step: 'pickup-password', order, busy: false, error: flowError });
			} else if (isRetryable(flowError)) {
				this.#set({ ...state, busy: false, error: flowError });
			} else {
				this.#fail(flowError, state.order);
			}
			return;
		}
		const saved = this.#saved;
		if (saved && (saved.step === 'review' || saved.step === 'pickup-password')) {
			await this.#save({ step: 'certificate-password' });
		}
		await this.#resume();
	}

	/** `target`: the applicant's answer to "Where will you use this certificate?", else the one shown. */
	async submitCertificatePassword(
		password: string,
		confirmation: string,
		target?: UseTarget
	): Promise<void> {
		const state = this.#state;
		if (state.step !== 'certificate-password') return;
		target ??= state.target;
		const rejection = checkNewPassword(state.order, password, confirmation, target);
		if (rejection) {
			this.#set({ ...state, target, error: rejection });
			return;
		}
		this.#password = password;
		this.#target = target;
		const accepted = this.#saved?.agreement?.version === state.order.agreement.version;
		if (accepted) {
			this.#toKeyOptions(state.order);
		} else {
			this.#advance('agreement', { step: 'agreement', order: state.order, error: null });
		}
	}

	async acceptAgreement(accepted: boolean): Promise<void> {
		const state = this.#state;
		if (state.step !== 'agreement') return;
		if (!accepted) {
			this.#set({
				...state,
				error: { code: 'agreement_not_accepted', detail: 'the agreement box is not ticked' }
			});
			return;
		}
		await this.#save({
			agreement: {
				version: state.order.agreement.version,
				acceptedAt: this.#options.now().toISOString()
			}
		});
		this.#toKeyOptions(state.order);
	}

	/** `target` may differ from the one the password was chosen for: the password must suit it too. */
	async chooseKeyOptions(choice: KeyChoice, target?: UseTarget): Promise<void> {
		const state = this.#state;
		const password = this.#password;
		if (state.step !== 'key-options') return;
		target ??= state.target;
		if (!state.order.keyPolicy.allowed.includes(choice.algorithm)) {
			this.#set({
				...state,
				choice,
				target,
				error: { code: 'pki:key_algorithm_not_allowed', detail: choice.algorithm }
			});
			return;
		}
		this.#target = target;
		if (!password) {
			this.#askCertificatePassword(state.order, true, null);
			return;
		}
		if (!meetsTargetLimits(password, state.order.passwordPolicy, target)) {
			this.#password = null;
			this.#askCertificatePassword(state.order, false, {
				code: 'password_target_limit',
				detail: `the certificate password exceeds the limits of ${target}`
			});
			return;
		}
		await this.#save({ keyChoice: choice });
		await this.#run(state.order, () => this.#generate(state.order, choice, password));
	}

	/** "I already have a CSR": the alternative path from the key options (brief, step 6). */
	startCsrUpload(): void {
		const state = this.#state;
		if (state.step === 'key-options')
			this.#set({ step: 'csr-upload', order: state.order, busy: false, error: null });
	}

	cancelCsrUpload(): void {
		const state = this.#state;
		if (state.step === 'csr-upload') this.#toKeyOptions(state.order);
	}

	async submitCsr(input: string | Uint8Array): Promise<void> {
		const state = this.#state;
		if (state.step !== 'csr-upload' || state.busy) return;
		this.#set({ ...state, busy: true, error: null });
		try {
			const crypto = await this.#cryptoModule();
			const csrPem = await crypto.checkUploadedCsr(input, state.order);
			await this.#save({ step: 'requested', csrPem, wrappedKey: undefined, keyChoice: undefined });
		} catch (error) {
			this.#set({ ...state, busy: false, error: toFlowError(error) });
			return;
		}
		await this.#run(state.order, () => this.#send());
	}

	/** The certificate password opens the stored key, after the app was closed while the CA issued. */
	async unlock(password: string): Promise<void> {
		const state = this.#state;
		const wrappedKey = this.#saved?.wrappedKey;
		if (state.step !== 'unlock' || state.busy || !wrappedKey) return;
		this.#set({ ...state, busy: true, error: null });
		try {
			const crypto = await this.#cryptoModule();
			this.#privateKeyPkcs8 = await crypto.unwrapPrivateKey(wrappedKey, password);
			this.#password = password;
		} catch (error) {
			this.#set({ ...state, busy: false, error: toFlowError(error) });
			return;
		}
		await this.#run(state.order, () => this.#afterIssued());
	}

	/** After a failure that may pass (network, server trouble): take the pickup up where it stopped. */
	async retry(): Promise<void> {
		if (this.#state.step !== 'failed' || !this.#state.retryable) return;
		if (this.#saved) await this.#resume();
		else await this.#claimTab(false);
	}

	/** After a stored pickup that cannot be resumed: forget it and open the link as if for the first time. */
	async startAfresh(): Promise<void> {
		const link = this.#link;
		if (this.#state.step !== 'failed' || !this.#state.restartable || !link) return;
		await this.#forget(link.orderId);
		await this.#load(link);
	}

	/**
	 * Spending the link takes the session: the link alone (a forwarded e-mail) must not mark a
	 * certificate collected. After the session ended, the pickup password is asked again; the file
	 * is then rebuilt and offered once more before the acknowledgement.
	 */
	async acknowledgeCollected(): Promise<void> {
		const state = this.#state;
		const link = this.#link;
		if ((state.step !== 'done' && state.step !== 'csr-done') || state.acknowledged || !link) return;
		if (!state.alreadyCollected) {
			const session = this.#session();
			try {
				if (!session) throw new ApiError('session_invalid', 'the pickup session has ended');
				await this.#options.api.acknowledgeCollected(link.orderId, session);
			} catch (error) {
				if (error instanceof ApiError && error.code === 'session_invalid') {
					await this.#save({ session: undefined });
					this.#set({ step: 'pickup-password', order: state.order, busy: false, error: null });
					return;
				}
				this.#set({ ...state, error: toFlowError(error) });
				return;
			}
		}
		await this.#forget(link.orderId);
		this.#set({ ...state, acknowledged: true, error: null });
	}

	async #claimTab(steal: boolean): Promise<void> {
		const link = this.#link;
		if (!link) return;
		const owned = await this.#options.lock.acquire(link.orderId, {
			steal,
			onLost: () => {
				this.#ownsTab = false;
				this.#publish({ step: 'busy-elsewhere', orderId: link.orderId, lost: true });
			}
		});
		if (!owned) {
			this.#set({ step: 'busy-elsewhere', orderId: link.orderId, lost: false });
			return;
		}
		this.#ownsTab = true;
		await this.#load(link);
	}

	async #load(link: PickupLink): Promise<void> {
		this.#set({ step: 'opening' });
		const saved = await this.#readSaved(link.orderId);
		if (saved instanceof UnreadablePickupError) {
			this.#fail({ code: 'pickup_unreadable', detail: saved.message }, null);
			return;
		}
		let order: OrderSummary;
		try {
			order = await this.#options.api.summary(link.orderId, link.linkSecret);
		} catch (error) {
			const flowError = toFlowError(error);
			// A pickup already under way can go on without the server (bad connections).
			if (saved && saved.linkSecret === link.linkSecret && isRetryable(flowError)) {
				this.#saved = saved;
				await this.#resume();
			} else {
				await this.#closed(flowError, saved, saved?.order ?? null);
			}
			return;
		}
		if (!COLLECTABLE.has(order.status)) {
			const code = CLOSED_BECAUSE[order.status] ?? 'order_not_collectable';
			await this.#closed({ code, detail: order.status }, saved, order);
			return;
		}
		const now = this.#options.now().toISOString();
		this.#saved = saved
			? { ...saved, order, linkSecret: link.linkSecret }
			: {
					schemaVersion: SCHEMA_VERSION,
					orderId: link.orderId,
					linkSecret: link.linkSecret,
					order,
					step: 'review',
					createdAt: now,
					updatedAt: now
				};
		await this.#save({});
		this.#preloadCrypto();
		await this.#resume();
		void this.#readPersistence();
	}

	/**
	 * The server will not hand this order over. Collected while this device still holds the chain
	 * (collected from another device, or an acknowledgement whose answer was lost): the files are
	 * rebuilt from it instead of a dead end. Expired, cancelled or collected otherwise: what is
	 * stored here is of no use any more and is deleted, link secret and wrapped key included.
	 */
	async #closed(
		error: FlowError,
		saved: SavedPickup | undefined,
		order: OrderSummary | null
	): Promise<void> {
		if (saved && error.code === 'order_collected' && canRebuild(saved)) {
			this.#saved = saved;
			this.#alreadyCollected = true;
			await this.#resume();
			return;
		}
		if (saved && isOrderGone(error)) await this.#forget(saved.orderId);
		this.#fail(error, order);
	}

	/** Enters the state that belongs to the saved step: the single place that knows resume points. */
	async #resume(): Promise<void> {
		const saved = this.#saved;
		if (!saved) return;
		const { order } = saved;
		const session = this.#session();
		switch (saved.step) {
			case 'review':
				this.#set(this.#review(order));
				return;
			case 'pickup-password':
				this.#set({ step: 'pickup-password', order, busy: false, error: null });
				return;
			case 'certificate-password':
			case 'agreement':
			case 'key-options':
				if (!session) this.#set({ step: 'pickup-password', order, busy: false, error: null });
				else if (this.#password && saved.step === 'key-options') this.#toKeyOptions(order);
				else if (this.#password && saved.step === 'agreement')
					this.#set({ step: 'agreement', order, error: null });
				else this.#askCertificatePassword(order, saved.step !== 'certificate-password', null);
				return;
			case 'requested':
				if (!session) {
					this.#set({ step: 'pickup-password', order, busy: false, error: null });
					return;
				}
				await this.#run(order, () => this.#send());
				return;
			case 'pending':
				await this.#run(order, () => this.#poll(saved.retryAfterSeconds ?? 1));
				return;
			case 'issued':
			case 'done':
				await this.#run(order, () => this.#afterIssued());
				return;
		}
	}

	async #generate(order: OrderSummary, choice: KeyChoice, password: string): Promise<void> {
		const crypto = await this.#cryptoModule();
		this.#working(order, 'key');
		const keys = await crypto.generateKeyPair(choice.algorithm, order.keyPolicy.allowed);
		const pkcs8 = await crypto.exportPkcs8(keys.privateKey);
		const wrappedKey = await crypto.wrapPrivateKey(pkcs8, password);
		const csrPem = await crypto.createCsr({
			keys,
			subject: order.subject,
			subjectAltNames: order.subjectAltNames
		});
		this.#privateKeyPkcs8 = pkcs8;
		// The wrapped key is saved before the request leaves: from here on nothing is lost with the tab.
		await this.#save({ step: 'requested', wrappedKey, csrPem, keyChoice: choice });
		await this.#send();
	}

	/**
	 * Sends the saved request. Offline, or while the server is in trouble, it waits and tries again
	 * by itself (when the connection returns, else after a growing, jittered delay), so a request
	 * prepared on a train goes out when the train reaches a station.
	 */
	async #send(): Promise<void> {
		const saved = this.#saved;
		const link = this.#link;
		if (!saved?.csrPem || !link) return;
		for (let failures = 1; ; failures++) {
			const session = this.#session();
			if (!session) {
				this.#set({ step: 'pickup-password', order: saved.order, busy: false, error: null });
				return;
			}
			this.#working(saved.order, 'request');
			try {
				const issuance = await this.#options.api.requestCertificate(link.orderId, session, {
					csr: saved.csrPem,
					agreementVersion: saved.agreement?.version ?? saved.order.agreement.version
				});
				await this.#received(issuance);
				return;
			} catch (error) {
				const flowError = toFlowError(error);
				if (error instanceof ApiError && error.code === 'session_invalid') {
					await this.#save({ session: undefined });
					this.#set({ step: 'pickup-password', order: saved.order, busy: false, error: flowError });
					return;
				}
				if (!isRetryable(flowError)) throw error;
				const delay = this.#retryDelay(failures, flowError.retryAfterSeconds);
				this.#set({
					step: 'working',
					order: saved.order,
					stage: 'request',
					retryAfterSeconds: delay,
					error: flowError
				});
				await this.#pause(delay);
				if (!this.#ownsTab) return;
			}
		}
	}

	async #received(issuance: IssuanceResult): Promise<void> {
		if (issuance.status === 'pending') {
			await this.#save({ step: 'pending', retryAfterSeconds: issuance.retryAfterSeconds });
			await this.#poll(issuance.retryAfterSeconds);
			return;
		}
		// Stored the moment it arrives: the certificate is public, and with the wrapped key it rebuilds the file.
		await this.#save({ step: 'issued', chainPem: issuance.chainPem });
		await this.#afterIssued();
	}

	/** Asks again after the CA's delay; a lost connection waits longer each time instead of failing. */
	async #poll(retryAfterSeconds: number): Promise<void> {
		const link = this.#link;
		const order = this.#saved?.order;
		if (!link || !order) return;
		let failures = 0;
		let delay = this.#retryDelay(failures, retryAfterSeconds);
		let error: FlowError | null = null;
		for (;;) {
			this.#set({ step: 'working', order, stage: 'waiting', retryAfterSeconds: delay, error });
			await this.#pause(delay);
			if (!this.#ownsTab) return;
			try {
				const issuance = await this.#options.api.fetchCertificate(
					link.orderId,
					this.#credential(link)
				);
				if (issuance.status === 'issued') return this.#received(issuance);
				failures = 0;
				delay = this.#retryDelay(failures, issuance.retryAfterSeconds);
				error = null;
			} catch (failure) {
				error = toFlowError(failure);
				if (!isRetryable(error)) throw failure;
				failures++;
				delay = this.#retryDelay(failures, error.retryAfterSeconds);
			}
		}
	}

	#retryDelay(failures: number, serverDelaySeconds: number | undefined): number {
		return retryDelaySeconds({ failures, serverDelaySeconds, random: this.#options.random() });
	}

	async #afterIssued(): Promise<void> {
		const saved = this.#saved;
		if (!saved?.chainPem || !saved.csrPem) return;
		const crypto = await this.#cryptoModule();
		if (!saved.wrappedKey) {
			this.#working(saved.order, 'building');
			const result = await crypto.csrResult({
				chainPem: saved.chainPem,
				csrPem: saved.csrPem,
				order: saved.order
			});
			await this.#save({ step: 'done' });
			this.#set({
				step: 'csr-done',
				order: saved.order,
				result,
				acknowledged: false,
				alreadyCollected: this.#alreadyCollected,
				error: null
			});
			return;
		}
		const pkcs8 = this.#privateKeyPkcs8;
		const password = this.#password;
		if (!pkcs8 || !password) {
			this.#set({
				step: 'unlock',
				order: saved.order,
				busy: false,
				alreadyCollected: this.#alreadyCollected,
				error: null
			});
			return;
		}
		this.#working(saved.order, 'building');
		const result = await crypto.pickupResult({
			chainPem: saved.chainPem,
			csrPem: saved.csrPem,
			order: saved.order,
			privateKeyPkcs8: pkcs8,
			password,
			profile: saved.keyChoice?.profile ?? 'modern'
		});
		await this.#save({ step: 'done' });
		this.#set({
			step: 'done',
			order: saved.order,
			result,
			acknowledged: false,
			alreadyCollected: this.#alreadyCollected,
			error: null
		});
	}

	#toKeyOptions(order: OrderSummary): void {
		const target = this.#useTarget();
		const choice = this.#saved?.keyChoice ?? recommendedKeyChoice(target, order);
		this.#advance('key-options', { step: 'key-options', order, choice, target, error: null });
	}

	#askCertificatePassword(order: OrderSummary, again: boolean, error: FlowError | null): void {
		this.#set({ step: 'certificate-password', order, target: this.#useTarget(), again, error });
	}

	#useTarget(): UseTarget {
		return this.#target ?? defaultUseTarget(this.#options.platform);
	}

	/** Runs a stretch of work that may fail; a failure keeps everything saved so far. */
	async #run(order: OrderSummary, work: () => Promise<void>): Promise<void> {
		try {
			await work();
		} catch (error) {
			const flowError = toFlowError(error);
			// Expired, cancelled or collected: nothing stored here can be used any more.
			if (this.#link && isOrderGone(flowError)) await this.#forget(this.#link.orderId);
			this.#fail(flowError, order);
		}
	}

	#working(order: OrderSummary, stage: 'key' | 'request' | 'building'): void {
		this.#set({ step: 'working', order, stage, retryAfterSeconds: null, error: null });
	}

	#fail(error: FlowError, order: OrderSummary | null): void {
		this.#set({
			step: 'failed',
			order,
			error,
			retryable: isRetryable(error),
			restartable: error.code === 'pickup_unreadable'
		});
	}

	/** Moves to a step the applicant completes by hand, saving it as the resume point. */
	#advance(step: SavedStep, state: PickupState): void {
		this.#set(state);
		void this.#save({ step });
	}

	#session(): string | null {
		const session = this.#saved?.session;
		if (!session) return null;
		const usable =
			Date.parse(session.expiresAt) - SESSION_MARGIN_MS > this.#options.now().getTime();
		return usable ? session.token : null;
	}

	/** Waits the given seconds, or less if the connection comes back meanwhile. */
	#pause(seconds: number): Promise<void> {
		return Promise.race([this.#options.wait(seconds * 1000), this.#options.online()]);
	}

	#credential(link: PickupLink): Credential {
		const session = this.#session();
		return session ? { session } : { linkSecret: link.linkSecret };
	}

	async #readSaved(orderId: string): Promise<SavedPickup | UnreadablePickupError | undefined> {
		try {
			return (await this.#options.store?.get(orderId)) ?? undefined;
		} catch (error) {
			if (error instanceof UnreadablePickupError) return error;
			this.#storage = 'unavailable';
			return undefined;
		}
	}

	async #save(changes: Partial<SavedPickup>): Promise<void> {
		if (!this.#saved || !this.#ownsTab) return;
		this.#saved = { ...this.#saved, ...changes, updatedAt: this.#options.now().toISOString() };
		if (this.#storage === 'unavailable') return;
		try {
			await this.#options.store?.put(this.#saved);
		} catch {
			// Quota or a storage error: the pickup goes on in memory; the review step says it cannot resume.
			this.#storage = 'unavailable';
		}
	}

	async #forget(orderId: string): Promise<void> {
		this.#saved = null;
		this.#password = null;
		this.#target = null;
		this.#privateKeyPkcs8 = null;
		await this.#options.store?.delete(orderId).catch(() => undefined);
	}

	#review(order: OrderSummary): PickupState {
		return {
			step: 'review',
			order,
			storage: this.#storage,
			storageCap: this.#storageCap(order),
			error: null
		};
	}

	#storageCap(order: OrderSummary): StorageCap | null {
		const days = this.#options.storageCapDays;
		if (!days || this.#storage === 'unavailable') return null;
		const capped = this.#options.now().getTime() + days * 86_400_000;
		const deadline = Date.parse(order.pickupDeadline);
		return { days, safeUntil: new Date(Math.min(capped, deadline)).toISOString() };
	}

	async #readPersistence(): Promise<void> {
		if (this.#storage === 'unavailable' || !this.#options.isPersisted) return;
		if (await this.#options.isPersisted().catch(() => false)) this.#becamePersistent();
	}

	/** Runs in the background: a prompt left unanswered must never hold the pickup up. */
	async #requestPersistence(): Promise<void> {
		if (this.#storage !== 'best-effort' || !this.#options.requestPersistence) return;
		if (await this.#options.requestPersistence().catch(() => false)) this.#becamePersistent();
	}

	#becamePersistent(): void {
		this.#storage = 'persistent';
		const state = this.#state;
		if (state.step === 'review') this.#set(this.#review(state.order));
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

	#set(state: PickupState): void {
		if (this.#ownsTab) this.#publish(state);
	}

	#publish(state: PickupState): void {
		this.#state = state;
		for (const listener of this.#listeners) listener(state);
	}
}

/** The certificate can be handed over again from what this device stored: the chain and our request. */
function canRebuild(saved: SavedPickup): boolean {
	return Boolean(saved.chainPem && saved.csrPem);
}

function checkNewPassword(
	order: OrderSummary,
	password: string,
	confirmation: string,
	target: UseTarget
): FlowError | null {
	if (!meetsPolicy(password, order.passwordPolicy)) {
		return { code: 'password_policy', detail: 'the certificate password does not meet the policy' };
	}
	if (!meetsTargetLimits(password, order.passwordPolicy, target)) {
		return { code: 'password_target_limit', detail: `beyond the limits of ${target}` };
	}
	if (password !== confirmation) {
		return { code: 'password_mismatch', detail: 'the confirmation differs from the password' };
	}
	return null;
}
