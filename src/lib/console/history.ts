/**
 * An order's history (the audit log's entries, docs/console-api.md) in words: each event the
 * server records has a localized name; one the console does not know yet is shown as it is named.
 */
import { m } from '../paraglide/messages.js';
import type { OrderStatus } from '../domain/order-statuses.ts';
import type { HistoryEntry } from './types.ts';

const EVENT_TEXTS: Record<string, () => string> = {
	order_created: () => m.console_event_order_created(),
	email_sent: () => m.console_event_email_sent(),
	email_failed: () => m.console_event_email_failed(),
	session_opened: () => m.console_event_session_opened(),
	pickup_password_wrong: () => m.console_event_pickup_password_wrong(),
	pickup_password_attempt: () => m.console_event_pickup_password_attempt(),
	pickup_password_refused: () => m.console_event_pickup_password_refused(),
	link_opened: () => m.console_event_link_opened(),
	unlocked: () => m.console_event_unlocked(),
	cancelled: () => m.console_event_cancelled(),
	link_resent: () => m.console_event_link_resent(),
	request_received: () => m.console_event_request_received(),
	issuance_started: () => m.console_event_issuance_started(),
	issuance_delayed: () => m.console_event_issuance_delayed(),
	issuance_failed: () => m.console_event_issuance_failed(),
	issuance_refused: () => m.console_event_issuance_refused(),
	certificate_issued: () => m.console_event_certificate_issued(),
	collected: () => m.console_event_collected(),
	deadline_passed: () => m.console_event_deadline_passed()
};

export function eventText(entry: HistoryEntry): string {
	if (entry.event === 'pickup_password_wrong' && entry.toStatus === 'locked')
		return m.console_event_locked();
	return EVENT_TEXTS[entry.event]?.() ?? entry.event;
}

/** Who acted, as the audit log records it: the applicant, an operator by name, or the system. */
export function actorText(entry: HistoryEntry): string {
	const by = typeof entry.detail?.by === 'string' ? entry.detail.by : null;
	const via = typeof entry.detail?.via === 'string' ? entry.detail.via : null;
	if (entry.actor === 'applicant') return m.console_actor_applicant();
	if (entry.actor === 'operator') {
		const name = by ?? m.console_actor_operator();
		return via === 'console' ? m.console_actor_via_console({ name }) : name;
	}
	return m.console_actor_system();
}

export const STATUS_TEXTS: Record<OrderStatus, () => string> = {
	awaiting_pickup: () => m.console_status_awaiting_pickup(),
	request_received: () => m.console_status_request_received(),
	pending: () => m.console_status_pending(),
	issued: () => m.console_status_issued(),
	collected: () => m.console_status_collected(),
	expired: () => m.console_status_expired(),
	cancelled: () => m.console_status_cancelled(),
	locked: () => m.console_status_locked()
};

export function statusText(status: string): string {
	return (STATUS_TEXTS as Record<string, (() => string) | undefined>)[status]?.() ?? status;
}
