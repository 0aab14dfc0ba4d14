/**
 * The order store: what the applicant's pickup and the operator's actions read and write, behind
 * one asynchronous interface with two implementations (SQLite embedded, PostgreSQL shared by
 * several server instances). Writes that must not interleave run in `transaction`, which holds the
 * order against every other writer, in this process or another, until it ends.
 */
import type { KeyAlgorithmName } from '../../src/lib/domain/key-algorithms.ts';
import type { OrderStatus } from '../../src/lib/domain/order-statuses.ts';
import type { SubjectAltName } from '../../src/lib/domain/subject-alt-names.ts';
import type { SubjectAttribute } from '../../src/lib/domain/subject-attributes.ts';
import type { IssuedCertificate } from '../issuers/issuer.ts';
import type { MailLocale } from '../mail/locales.ts';
import type { ConsoleReads, ConsoleWrites } from './console-types.ts';

export interface Order {
	id: string;
	productId: string;
	subject: SubjectAttribute[];
	subjectAltNames: SubjectAltName[];
	keyPolicy: { allowed: KeyAlgorithmName[]; recommended: KeyAlgorithmName };
	passwordPolicyId: string;
	agreementVersion: string;
	agreementSha256: string;
	agreementAcceptedAt: string | null;
	validityMonths: number;
	contact: string | null;
	/** Overrides the product's and the global issuance delay when set. */
	issuanceDelaySeconds: number | null;
	createdAt: string;
	pickupDeadline: string;
	reissueOf: string | null;
	status: OrderStatus;
	lockedFrom: OrderStatus | null;
	linkSecretSha256: Buffer;
	pickupPasswordHash: string;
	failedAttempts: number;
	csrDer: Buffer | null;
	spkiSha256: string | null;
	requestReceivedAt: string | null;
	issueAfter: string | null;
	/** While set and in the future, one server instance is asking the issuer for this order. */
	issuingUntil: string | null;
	collectedAt: string | null;
	updatedAt: string;
	revision: number;
	/** Whom the pickup e-mail goes to. */
	notifyEmail: string | null;
	/** The e-mail's language and the app's first language. */
	locale: MailLocale;
	/** 'email': the server sends the pickup e-mail; 'link': the CA sends its own. */
	delivery: Delivery;
	/** When the applicant first opened the current pickup link. */
	linkOpenedAt: string | null;
}

export type Delivery = 'email' | 'link';

/** The fields that change after creation, and their columns. */
export const CHANGEABLE_COLUMNS = {
	agreementAcceptedAt: 'agreement_accepted_at',
	lockedFrom: 'locked_from',
	failedAttempts: 'failed_attempts',
	csrDer: 'csr_der',
	spkiSha256: 'spki_sha256',
	requestReceivedAt: 'request_received_at',
	issueAfter: 'issue_after',
	issuingUntil: 'issuing_until',
	collectedAt: 'collected_at',
	linkSecretSha256: 'link_secret_sha256',
	linkOpenedAt: 'link_opened_at',
	delivery: 'delivery'
} as const satisfies Partial<Record<keyof Order, string>>;

export type OrderChanges = Partial<Pick<Order, keyof typeof CHANGEABLE_COLUMNS>>;

/** What creating an order takes: everything but the fields that change later and the bookkeeping. */
export type NewOrder = Omit<
	Order,
	| Exclude<keyof typeof CHANGEABLE_COLUMNS, 'linkSecretSha256' | 'delivery'>
	| 'status'
	| 'updatedAt'
	| 'revision'
>;

export type Actor = 'applicant' | 'operator' | 'system';

/** Callers pass only identifiers and outcomes: nothing here ever receives a secret. */
export interface AuditEntry {
	orderId: string | null;
	actor: Actor;
	address?: string | null;
	event: string;
	fromStatus?: string | null;
	toStatus?: string | null;
	detail?: Record<string, string | number | boolean | null>;
}

export interface AuditRow {
	id: number;
	at: string;
	orderId: string | null;
	actor: Actor;
	address: string | null;
	event: string;
	fromStatus: string | null;
	toStatus: string | null;
	detail: string | null;
}

export type StatusEvent = Omit<AuditEntry, 'orderId' | 'fromStatus' | 'toStatus'>;

export interface StoredCertificate {
	serialHex: string;
	der: Buffer;
	notAfter: string;
}

export type ApiKeyScope = 'read' | 'write';

export interface ApiKey {
	id: string;
	name: string;
	scope: ApiKeyScope;
	secretSha256: Buffer;
	createdAt: string;
	revokedAt: string | null;
	lastUsedAt: string | null;
}

export interface IdempotencyRecord {
	apiKeyId: string;
	keySha256: Buffer;
	/** HMAC of the request under a key derived from the Idempotency-Key (server/http/idempotency.ts). */
	requestHmac: Buffer;
	createdAt: string;
	completedAt: string | null;
	responseStatus: number | null;
	responseSealed: Buffer | null;
}

export type OutboxKind = 'email' | 'webhook';
export type OutboxStatus = 'queued' | 'sent' | 'failed' | 'superseded';

export interface OutboxMessage {
	id: string;
	kind: OutboxKind;
	orderId: string | null;
	/** The e-mail's template or the webhook's event type. */
	topic: string;
	/** JSON; null once the message was sent or given up. */
	payload: string | null;
	status: OutboxStatus;
	attempts: number;
	nextAttemptAt: string;
	/** The SMTP server's or the webhook receiver's last answer, or why it could not be reached. */
	lastResponse: string | null;
	createdAt: string;
	sentAt: string | null;
}

export type NewOutboxMessage = Pick<OutboxMessage, 'id' | 'kind' | 'orderId' | 'topic' | 'payload'>;

export interface OutboxStats {
	kind: OutboxKind;
	status: 'queued' | 'sent' | 'failed';
	count: number;
	oldestCreatedAt: string | null;
}

/** Newest first; `before` continues a listing after its last order. */
export interface OrderFilter {
	status?: OrderStatus;
	email?: string;
	/** Part of the holder's name (any case), the whole e-mail address (any case) or the order id. */
	search?: string;
	before?: { createdAt: string; id: string };
	limit: number;
}

export interface OrderReads extends ConsoleReads {
	findOrder(id: string): Promise<Order | undefined>;
	listOrders(filter: OrderFilter): Promise<Order[]>;
	countOrders(): Promise<number>;
	/** Another order whose request carried this public key, if any. */
	orderWithKey(spkiSha256: string, exceptOrderId: string): Promise<string | undefined>;
	/** Orders still open for pickup whose deadline has passed. */
	dueOrderIds(now: Date): Promise<string[]>;
	certificateOf(orderId: string): Promise<StoredCertificate | undefined>;
	/** Whether the token's hash is a live session for this order. */
	sessionValid(orderId: string, tokenSha256: Buffer, now: Date): Promise<boolean>;
	auditTrail(orderId: string): Promise<AuditRow[]>;
	audit(entry: AuditEntry, at: Date): Promise<void>;
	findApiKey(id: string): Promise<ApiKey | undefined>;
	listApiKeys(): Promise<ApiKey[]>;
	findIdempotencyRecord(
		apiKeyId: string,
		keySha256: Buffer
	): Promise<IdempotencyRecord | undefined>;
	/** The order's e-mails and events, oldest first. */
	outboxOf(orderId: string): Promise<OutboxMessage[]>;
	/** Per kind and status: how many, and the oldest; sent and failed count the last day only. */
	outboxStats(now: Date): Promise<OutboxStats[]>;
}

export interface OrderWrites extends ConsoleWrites {
	insertOrder(order: NewOrder, event: Omit<AuditEntry, 'orderId' | 'event'>): Promise<void>;
	/**
	 * Moves `order` to `to` (which may equal its status, for changes that keep it) with `changes`,
	 * audited in the same transaction; returns the order as it now is. Throws OrderChanged when
	 * someone changed the order since it was read, so a lost race can never pass unnoticed.
	 */
	transition(
		order: Order,
		to: OrderStatus,
		event: StatusEvent,
		changes: OrderChanges,
		now: Date
	): Promise<Order>;
	insertSession(orderId: string, tokenSha256: Buffer, now: Date, expiresAt: Date): Promise<void>;
	insertCertificate(orderId: string, certificate: IssuedCertificate, now: Date): Promise<void>;
	insertApiKey(key: Omit<ApiKey, 'revokedAt' | 'lastUsedAt'>): Promise<void>;
	/** False when there is no such key or it was already revoked. */
	revokeApiKey(id: string, now: Date): Promise<boolean>;
	touchApiKey(id: string, now: Date): Promise<void>;
	/** False when a record for this key and Idempotency-Key exists already. */
	insertIdempotencyRecord(
		record: Pick<IdempotencyRecord, 'apiKeyId' | 'keySha256' | 'requestHmac' | 'createdAt'>
	): Promise<boolean>;
	completeIdempotencyRecord(
		apiKeyId: string,
		keySha256: Buffer,
		status: number,
		sealed: Buffer,
		now: Date
	): Promise<void>;
	deleteIdempotencyRecord(apiKeyId: string, keySha256: Buffer): Promise<void>;
	/** Forgets records made before `before`; returns how many. */
	purgeIdempotencyRecords(before: Date): Promise<number>;
	enqueue(message: NewOutboxMessage, now: Date): Promise<void>;
	/**
	 * Messages of this order and kind that are queued or gave up will not be sent: a newer one
	 * replaces them, and the outbox lists them as superseded, no longer as waiting or failed.
	 */
	supersedeUnsent(orderId: string, kind: OutboxKind, now: Date): Promise<number>;
	/**
	 * Takes up to `limit` due messages for this instance until `claimedUntil`: no other instance
	 * gets them meanwhile. Run inside `transaction`.
	 */
	claimDue(
		now: Date,
		claimedUntil: Date,
		claimToken: string,
		limit: number
	): Promise<OutboxMessage[]>;
	/** Records the outcome of a claimed message; false when the claim was lost meanwhile. */
	settleOutbox(
		id: string,
		claimToken: string,
		outcome:
			| { status: 'sent'; at: Date; detail: string }
			| { status: 'failed'; at: Date; error: string }
			| { status: 'queued'; nextAttemptAt: Date; error: string }
	): Promise<boolean>;
}

export type OrderTx = OrderReads & OrderWrites;

export interface OrderStore extends OrderReads {
	readonly kind: 'sqlite' | 'postgres';
	/**
	 * Runs `work` in one transaction; with an order id, that order is held against every other
	 * writer until the transaction ends. Commits what `work` returns, rolls back what it throws.
	 */
	transaction<T>(orderId: string | null, work: (tx: OrderTx) => Promise<T>): Promise<T>;
	/** The cheapest query there is: resolves when the database answers (/readyz). */
	ping(): Promise<void>;
	close(): Promise<void>;
}

export class OrderChanged extends Error {
	constructor(orderId: string) {
		super(`order ${orderId} changed meanwhile; try again`);
		this.name = 'OrderChanged';
	}
}
