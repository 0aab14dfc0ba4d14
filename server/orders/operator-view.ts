/**
 * What the operator sees of an order, in the CLI's `order:show` and the operator API alike:
 * everything but its secrets' hashes and the request's bytes, with the pickup e-mail's delivery,
 * the certificate once issued, and the history from the audit log.
 */
import { encodePem } from '../../src/lib/pki/pem.ts';
import type { AuditRow, Order, OrderReads, OutboxMessage } from '../store/types.ts';

export interface OrderOverview {
	id: string;
	status: Order['status'];
	productId: string;
	commonName: string;
	email: string | null;
	locale: Order['locale'];
	delivery: Order['delivery'];
	createdAt: string;
	pickupDeadline: string;
	reissueOf: string | null;
}

export interface EmailDelivery {
	id: string;
	status: OutboxMessage['status'];
	attempts: number;
	/** The SMTP server's last answer, or why it could not be reached. */
	lastResponse: string | null;
	queuedAt: string;
	sentAt: string | null;
}

export interface OrderDetails extends OrderOverview {
	subject: Order['subject'];
	subjectAltNames: Order['subjectAltNames'];
	keyPolicy: Order['keyPolicy'];
	passwordPolicyId: string;
	agreementVersion: string;
	agreementAcceptedAt: string | null;
	validityMonths: number;
	contact: string | null;
	issuanceDelaySeconds: number | null;
	lockedFrom: Order['lockedFrom'];
	failedAttempts: number;
	requestReceivedAt: string | null;
	collectedAt: string | null;
	updatedAt: string;
	/** The newest pickup e-mail, if the server sends them for this order. */
	emailDelivery: EmailDelivery | null;
	certificate: { serial: string; notAfter: string; pem: string } | null;
	history: HistoryEntry[];
}

export interface HistoryEntry {
	at: string;
	actor: AuditRow['actor'];
	event: string;
	fromStatus: string | null;
	toStatus: string | null;
	address: string | null;
	detail: Record<string, unknown> | null;
}

export function orderOverview(order: Order): OrderOverview {
	return {
		id: order.id,
		status: order.status,
		productId: order.productId,
		commonName: order.subject.find((attribute) => attribute.type === 'CN')?.value ?? '',
		email: order.notifyEmail,
		locale: order.locale,
		delivery: order.delivery,
		createdAt: order.createdAt,
		pickupDeadline: order.pickupDeadline,
		reissueOf: order.reissueOf
	};
}

export async function orderDetails(reads: OrderReads, order: Order): Promise<OrderDetails> {
	const [certificate, outbox, trail] = await Promise.all([
		reads.certificateOf(order.id),
		reads.outboxOf(order.id),
		reads.auditTrail(order.id)
	]);
	const mail = outbox.filter((message) => message.kind === 'email').at(-1);
	return {
		...orderOverview(order),
		subject: order.subject,
		subjectAltNames: order.subjectAltNames,
		keyPolicy: order.keyPolicy,
		passwordPolicyId: order.passwordPolicyId,
		agreementVersion: order.agreementVersion,
		agreementAcceptedAt: order.agreementAcceptedAt,
		validityMonths: order.validityMonths,
		contact: order.contact,
		issuanceDelaySeconds: order.issuanceDelaySeconds,
		lockedFrom: order.lockedFrom,
		failedAttempts: order.failedAttempts,
		requestReceivedAt: order.requestReceivedAt,
		collectedAt: order.collectedAt,
		updatedAt: order.updatedAt,
		emailDelivery: mail
			? {
					id: mail.id,
					status: mail.status,
					attempts: mail.attempts,
					lastResponse: mail.lastResponse,
					queuedAt: mail.createdAt,
					sentAt: mail.sentAt
				}
			: null,
		certificate: certificate
			? {
					serial: certificate.serialHex,
					notAfter: certificate.notAfter,
					pem: encodePem('CERTIFICATE', certificate.der)
				}
			: null,
		history: trail.map((row) => ({
			at: row.at,
			actor: row.actor,
			event: row.event,
			fromStatus: row.fromStatus,
			toStatus: row.toStatus,
			address: row.address,
			detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null
		}))
	};
}
