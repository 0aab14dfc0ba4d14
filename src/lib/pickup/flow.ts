import type { PickupApi } from '../api/client';

/** The calls the flow makes; a test can hand in any object with them. */
export type PickupApiPort = Pick<
	PickupApi,
	'summary' | 'openSession' | 'requestCertificate' | 'fetchCertificate' | 'acknowledgeCollected'
>;
import { ApiError } from '../api/errors';
import type { OrderSummary } from '../api/types';
import { toFlowError } from './errors';
import { safeFileName } from './file-name';
import type { LinkReading, PickupLink } from './link';
import { meetsPolicy } from './password-policy';
import type { FlowError, PickupResult, PickupState } from './state';
import { loadPickupCrypto, type PickupCrypto } from './crypto';

export interface PickupFlowOptions {
	api: PickupApiPort;
	loadCrypto?: () => Promise<PickupCrypto>;
	wait?: (milliseconds: number) => Promise<void>;
}

const COLLECTABLE = new Set<OrderSummary['status']>([
	'awaiting_pickup',
	'request_received',
	'pending',
	'issued'
]);

/**
 * The pickup as a state machine (brief, "The flow"). The UI renders `state` and calls the event
 * methods; every transition goes through `#set`, so listeners see each state exactly once.
 */
export class PickupFlow {
	#state: PickupState = { step: 'opening' };
	readonly #listeners = new Set<(state: PickupState) => void>();
	readonly #api: PickupApiPort;
	readonly #loadCrypto: () => Promise<PickupCrypto>;
	readonly #wait: (milliseconds: number) => Promise<void>;
	#link: PickupLink | null = null;
	#sessionToken: string | null = null;
	#crypto: Promise<PickupCrypto> | null = null;

	constructor(options: PickupFlowOptions) {
		this.#api = options.api;
		this.#loadCrypto = options.loadCrypto ?? loadPickupCrypto;
		this.#wait = options.wait ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
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
			this.#set({
				step: 'failed',
				order: null,
				error: { code, detail: `pickup link: ${reading.kind}` }
			});
			return;
		}
		this.#link = reading.link;
		try {
			const order = await this.#api.summary(reading.link.orderId, reading.link.linkSecret);
			if (!COLLECTABLE.has(order.status)) {
				this.#set({
					step: 'failed',
					order,
					error: { code: 'order_not_collectable', detail: order.status }
				});
				return;
			}
			this.#set({ step: 'review', order });
			this.#preloadCrypto();
		} catch (error) {
			this.#set({ step: 'failed', order: null, error: toFlowError(error) });
		}
	}

	confirmReview(): void {
		const state = this.#state;
		if (state.step !== 'review') return;
		this.#set({ step: 'pickup-password', order: state.order, busy: false, error: null });
	}

	async submitPickupPassword(pickupPassword: string): Promise<void> {
		const state = this.#state;
		if (state.step !== 'pickup-password' || state.busy || !this.#link) return;
		this.#set({ ...state, busy: true, error: null });
		try {
			const grant = await this.#api.openSession(
				this.#link.orderId,
				this.#link.linkSecret,
				pickupPassword
			);
			this.#sessionToken = grant.sessionToken;
			this.#set({ step: 'certificate-password', order: state.order, error: null });
		} catch (error) {
			const flowError = toFlowError(error);
			if (error instanceof ApiError && error.code === 'pickup_password_wrong') {
				const order = {
					...state.order,
					pickupAttemptsLeft: error.attemptsLeft ?? state.order.pickupAttemptsLeft
				};
				this.#set({ step: 'pickup-password', order, busy: false, error: flowError });
			} else if (
				error instanceof ApiError &&
				(error.code === 'network' || error.code === 'rate_limited')
			) {
				this.#set({ step: 'pickup-password', order: state.order, busy: false, error: flowError });
			} else {
				this.#set({ step: 'failed', order: state.order, error: flowError });
			}
		}
	}

	async submitCertificatePassword(password: string, confirmation: string): Promise<void> {
		const state = this.#state;
		if (state.step !== 'certificate-password') return;
		const order = state.order;
		const rejection = this.#checkNewPassword(order, password, confirmation);
		if (rejection) {
			this.#set({ ...state, error: rejection });
			return;
		}
		try {
			const result = await this.#issue(order, password);
			this.#set({ step: 'done', order, result, acknowledged: false, error: null });
		} catch (error) {
			this.#set({ step: 'failed', order, error: toFlowError(error) });
		}
	}

	async acknowledgeCollected(): Promise<void> {
		const state = this.#state;
		if (state.step !== 'done' || state.acknowledged || !this.#link || !this.#sessionToken) return;
		try {
			await this.#api.acknowledgeCollected(this.#link.orderId, this.#sessionToken);
			this.#set({ ...state, acknowledged: true, error: null });
		} catch (error) {
			this.#set({ ...state, error: toFlowError(error) });
		}
	}

	#checkNewPassword(order: OrderSummary, password: string, confirmation: string): FlowError | null {
		if (!meetsPolicy(password, order.passwordPolicy)) {
			return {
				code: 'password_policy',
				detail: 'the certificate password does not meet the policy'
			};
		}
		if (password !== confirmation) {
			return { code: 'password_mismatch', detail: 'the confirmation differs from the password' };
		}
		return null;
	}

	async #issue(order: OrderSummary, password: string): Promise<PickupResult> {
		const link = this.#link;
		const token = this.#sessionToken;
		if (!link || !token) throw new ApiError('session_invalid', 'no pickup session');
		const crypto = await this.#cryptoModule();

		this.#set({ step: 'working', order, stage: 'key', retryAfterSeconds: null });
		const algorithm = order.keyPolicy.recommended;
		const keys = await crypto.generateKeyPair(algorithm, order.keyPolicy.allowed);

		this.#set({ step: 'working', order, stage: 'request', retryAfterSeconds: null });
		const csr = await crypto.createCsr({
			keys,
			subject: order.subject,
			subjectAltNames: order.subjectAltNames
		});
		let issuance = await this.#api.requestCertificate(link.orderId, token, {
			csr,
			agreementVersion: order.agreement.version
		});
		while (issuance.status === 'pending') {
			this.#set({
				step: 'working',
				order,
				stage: 'waiting',
				retryAfterSeconds: issuance.retryAfterSeconds
			});
			await this.#wait(issuance.retryAfterSeconds * 1000);
			issuance = await this.#api.fetchCertificate(link.orderId, token);
		}

		this.#set({ step: 'working', order, stage: 'building', retryAfterSeconds: null });
		const verified = await crypto.verifyIssuedChain({
			chain: issuance.chainPem,
			publicKey: keys.publicKey,
			subject: order.subject,
			subjectAltNames: order.subjectAltNames
		});
		const holder = order.subject.find((attribute) => attribute.type === 'CN')?.value ?? '';
		const p12 = await crypto.buildPkcs12({
			privateKeyPkcs8: await crypto.exportPkcs8(keys.privateKey),
			chain: verified.chainDer,
			password,
			friendlyName: holder || order.orderId,
			profile: 'modern'
		});
		const leafDer = verified.chainDer[0];
		if (!leafDer) throw new Error('verified chain has no leaf');
		return {
			p12,
			p12FileName: safeFileName(holder, order.orderId, 'p12'),
			chainPem: crypto.toPem(verified.chainDer),
			chainFileName: safeFileName(holder, order.orderId, 'chain.pem'),
			certificateDer: leafDer,
			certificateFileName: safeFileName(holder, order.orderId, 'cer'),
			certificate: await crypto.describeCertificate(leafDer)
		};
	}

	#preloadCrypto(): void {
		this.#cryptoModule().catch(() => {
			// A failed preload is retried, and then reported, when the crypto is really needed.
			this.#crypto = null;
		});
	}

	#cryptoModule(): Promise<PickupCrypto> {
		this.#crypto ??= this.#loadCrypto();
		return this.#crypto;
	}

	#set(state: PickupState): void {
		this.#state = state;
		for (const listener of this.#listeners) listener(state);
	}
}
