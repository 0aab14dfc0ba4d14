/**
 * What the operator console's API (docs/console-api.md) answers, as the console reads it. Only the
 * fields the console shows are listed; the server may send more.
 */
import type { OrderStatus } from '../domain/order-statuses.ts';

export type Role = 'office' | 'admin';
export const ROLES: readonly Role[] = ['office', 'admin'];

export type Locale = 'en' | 'nl' | 'fr' | 'de' | 'pt';
export type Delivery = 'email' | 'link';

export interface Person {
	id: string;
	name: string;
	role: Role;
}

export interface SessionInfo {
	person: Person;
	csrfToken: string;
	idleExpiresAt?: string;
	expiresAt?: string;
}

export interface OrderOverview {
	id: string;
	status: OrderStatus;
	productId: string;
	commonName: string;
	email: string | null;
	locale: Locale;
	delivery: Delivery;
	createdAt: string;
	pickupDeadline: string;
	reissueOf: string | null;
}

export interface HistoryEntry {
	at: string;
	actor: string;
	event: string;
	fromStatus: string | null;
	toStatus: string | null;
	address?: string | null;
	detail?: Record<string, unknown> | null;
}

export interface EmailDelivery {
	id: string;
	status: string;
	attempts: number;
	lastResponse: string | null;
	queuedAt: string;
	sentAt: string | null;
}

export interface OrderDetails extends OrderOverview {
	subject: { type: string; value: string }[];
	lockedFrom?: OrderStatus | null;
	failedAttempts?: number;
	requestReceivedAt?: string | null;
	collectedAt?: string | null;
	updatedAt?: string;
	emailDelivery?: EmailDelivery | null;
	certificate?: { serial: string; notAfter: string } | null;
	history: HistoryEntry[];
}

export interface OrderPage {
	orders: OrderOverview[];
	nextCursor: string | null;
}

/** A new order or a new link: the link is what the pickup sheet shows; never stored. */
export interface CreatedOrder {
	order: OrderDetails;
	link: string;
	/** Only when the server generated it: shown once, to be handed to the applicant. */
	pickupPassword?: string;
}

export interface ResentLink {
	order: OrderDetails;
	link?: string;
}

export interface Passkey {
	id: string;
	createdAt: string;
	lastUsedAt: string | null;
}

export interface PersonEntry extends Person {
	createdAt: string;
	passkeys: Passkey[];
}

export interface InviteEntry {
	id: string;
	name: string;
	role: Role;
	createdAt: string;
	expiresAt: string;
	usedAt: string | null;
}

export interface PeopleList {
	people: PersonEntry[];
	invites: InviteEntry[];
}

export interface CreatedInvite {
	link: string;
	expiresAt: string;
}

export type ApiKeyScope = 'read' | 'write';
export const API_KEY_SCOPES: readonly ApiKeyScope[] = ['read', 'write'];

export interface ApiKeyEntry {
	id: string;
	name: string;
	scope: string;
	createdAt: string;
	revokedAt: string | null;
	lastUsedAt: string | null;
}

export interface CreatedApiKey {
	id: string;
	key: string;
}

export interface OutboxEntry {
	id: string;
	kind: string;
	orderId: string | null;
	topic: string | null;
	status: string;
	attempts: number;
	nextAttemptAt: string | null;
	lastResponse: string | null;
	createdAt: string;
}

/** The create-order body: the operator API's fields (server/http/operator-input.ts). */
export interface CreateOrderBody {
	productId: string;
	commonName: string;
	email?: string;
	organization?: string;
	organizationIdentifier?: string;
	country?: string;
	locale: Locale;
	delivery: Delivery;
	pickupPassword?: string;
}
