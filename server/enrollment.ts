/**
 * The applicant's side of a pickup, one function per API operation: review the order with the link
 * secret, open a session with the pickup password, hand in the certificate request, fetch the
 * chain, acknowledge collection. Each loads the order fresh from the database, so a restart between
 * any two steps loses nothing.
 */
import type { IssuanceResult, OrderSummary, SessionGrant } from '../src/lib/api/types.ts';
import { encodePem } from '../src/lib/pki/pem.ts';
import { agreement, passwordPolicy, product } from './catalog.ts';
import { issuanceDelayFor } from './config.ts';
import type { Context } from './context.ts';
import { checkRequest, type CheckedCsr } from './csr.ts';
import { IssuerRefused, IssuerUnavailable, type IssuedCertificate } from './issuers/issuer.ts';
import { isStorageFailure } from './db/storage-failure.ts';
import { audit, type AuditEntry } from './orders/audit.ts';
import { certificateOf, insertCertificate } from './orders/certificates.ts';
import { assertOpen, expireIfDue, lockedDetail } from './orders/lifecycle.ts';
import { openSession as storeSession, sessionValid } from './orders/sessions.ts';
import { findOrder, orderWithKey, transition, type Order } from './orders/store.ts';
import { Refusal } from './problems.ts';
import { sameBytes, sha256, verifyPickupPassword } from './secrets.ts';

export interface Caller {
	address: string;
}

export function orderSummary(
	ctx: Context,
	orderId: string,
	linkSecret: string,
	caller: Caller
): OrderSummary {
	const order = orderByLink(ctx, orderId, linkSecret, caller);
	if (order.status !== 'locked') assertOpen(order, contactFor(ctx, order));
	const profile = product(order.productId);
	return {
		orderId: order.id,
		status: order.status,
		product: { id: profile.id, name: profile.name },
		subject: order.subject,
		subjectAltNames: order.subjectAltNames,
		validityMonths: order.validityMonths,
		issuer: ctx.issuer.name,
		pickupDeadline: order.pickupDeadline,
		isReissue: order.reissueOf !== null,
		keyPolicy: order.keyPolicy,
		passwordPolicy: passwordPolicy(order.passwordPolicyId),
		agreement: agreement(order.agreementVersion),
		pickupAttemptsLeft: attemptsLeft(ctx, order),
		contact: contactFor(ctx, order)
	};
}

/**
 * Checks the pickup password. The attempt is counted before the (slow) check and given back only
 * when the password was right, so concurrent guesses cannot outrun the lockout.
 */
export async function openSession(
	ctx: Context,
	orderId: string,
	linkSecret: string,
	pickupPassword: string,
	caller: Caller
): Promise<SessionGrant> {
	const order = orderByLink(ctx, orderId, linkSecret, caller);
	assertOpen(order, contactFor(ctx, order));
	const counted = updateOrder(ctx, orderId, (current) => {
		assertOpen(current, contactFor(ctx, current));
		// The last attempts are still being checked: until they turn out right, the order is locked.
		if (current.failedAttempts >= ctx.config.maxPickupAttempts) {
			recordAttempt(ctx, orderId, caller, 'pickup_password_refused', {
				reason: 'attempts exhausted'
			});
			throw new Refusal('order_locked', lockedDetail(contactFor(ctx, current)), {
				attemptsLeft: 0
			});
		}
		transition(
			ctx.db,
			current,
			current.status,
			{ actor: 'applicant', address: caller.address, event: 'pickup_password_attempt' },
			{ failedAttempts: current.failedAttempts + 1 },
			ctx.now()
		);
		return current;
	});
	const right = await verifyPickupPassword(pickupPassword, counted.pickupPasswordHash);
	return updateOrder(ctx, orderId, (current) => {
		const now = ctx.now();
		if (right) {
			assertOpen(current, contactFor(ctx, current));
			transition(
				ctx.db,
				current,
				current.status,
				{ actor: 'applicant', address: caller.address, event: 'session_opened' },
				{ failedAttempts: current.failedAttempts - 1 },
				now
			);
			return storeSession(ctx.db, orderId, ctx.config.sessionTtlSeconds, now);
		}
		const left = Math.max(0, ctx.config.maxPickupAttempts - current.failedAttempts);
		const detail = { attemptsLeft: left };
		if (left > 0 || current.status === 'locked') {
			recordAttempt(ctx, orderId, caller, 'pickup_password_wrong', detail);
			if (left > 0) throw new Refusal('pickup_password_wrong', undefined, detail);
		} else {
			const event = {
				actor: 'applicant' as const,
				address: caller.address,
				event: 'pickup_password_wrong',
				detail
			};
			transition(ctx.db, current, 'locked', event, { lockedFrom: current.status }, now);
		}
		throw new Refusal('order_locked', lockedDetail(contactFor(ctx, current)), { attemptsLeft: 0 });
	});
}

/** The order a session token is for; refuses unknown, expired or foreign tokens alike. */
export function orderBySession(
	ctx: Context,
	orderId: string,
	token: string | undefined,
	caller: Caller
): Order {
	if (!token || !sessionValid(ctx.db, orderId, token, ctx.now())) {
		recordAttempt(ctx, orderId, caller, 'session_invalid');
		throw new Refusal('session_invalid');
	}
	const order = findOrder(ctx.db, orderId);
	if (!order) throw new Refusal('order_not_found');
	return expireIfDue(ctx.db, order, ctx.now());
}

export async function requestCertificate(
	ctx: Context,
	order: Order,
	csrText: string,
	agreementVersion: string,
	caller: Caller
): Promise<IssuanceResult> {
	assertOpen(order, contactFor(ctx, order));
	if (agreementVersion !== order.agreementVersion) {
		throw new Refusal(
			'agreement_version_mismatch',
			`The current agreement is version ${order.agreementVersion}.`
		);
	}
	let csr: CheckedCsr;
	try {
		csr = await checkRequest(csrText, {
			subject: order.subject,
			subjectAltNames: order.subjectAltNames,
			allowedKeys: order.keyPolicy.allowed
		});
	} catch (error) {
		if (error instanceof Refusal)
			recordAttempt(ctx, order.id, caller, 'request_refused', { code: error.code });
		throw error;
	}
	const spkiSha256 = sha256(csr.publicKeySpki).toString('hex');
	const accepted = updateOrder(ctx, order.id, (current) => {
		assertOpen(current, contactFor(ctx, current));
		if (current.spkiSha256 !== null) return sameKey(ctx, current, spkiSha256, caller);
		if (orderWithKey(ctx.db, spkiSha256, current.id)) {
			recordAttempt(ctx, current.id, caller, 'request_refused', {
				code: 'csr_already_used',
				reason: 'key used by another order'
			});
			throw new Refusal(
				'csr_already_used',
				'This key was already used for another order: generate a new key pair.'
			);
		}
		return acceptRequest(ctx, current, csr, spkiSha256, caller);
	});
	return issueWhenDue(ctx, accepted, csr);
}

export async function currentCertificate(ctx: Context, order: Order): Promise<IssuanceResult> {
	assertOpen(order, contactFor(ctx, order));
	if (order.spkiSha256 === null) throw new Refusal('certificate_not_ready');
	return issueWhenDue(ctx, order);
}

/** Idempotent, so an acknowledgement whose answer was lost on a bad connection can be repeated. */
export function acknowledgeCollected(ctx: Context, order: Order, caller: Caller): void {
	if (order.status === 'collected') return;
	assertOpen(order, contactFor(ctx, order));
	if (order.status !== 'issued') throw new Refusal('certificate_not_ready');
	updateOrder(ctx, order.id, (current) => {
		if (current.status === 'collected') return;
		if (current.status !== 'issued') throw new Refusal('certificate_not_ready');
		const now = ctx.now();
		transition(
			ctx.db,
			current,
			'collected',
			{ actor: 'applicant', address: caller.address, event: 'collected' },
			{ collectedAt: now.toISOString() },
			now
		);
	});
}

export function orderByLink(
	ctx: Context,
	orderId: string,
	linkSecret: string,
	caller: Caller
): Order {
	const found = findOrder(ctx.db, orderId);
	if (!found) {
		recordAttempt(ctx, orderId, caller, 'order_not_found');
		throw new Refusal('order_not_found');
	}
	if (!sameBytes(sha256(linkSecret), found.linkSecretSha256)) {
		recordAttempt(ctx, orderId, caller, 'link_invalid');
		throw new Refusal('link_invalid');
	}
	return expireIfDue(ctx.db, found, ctx.now());
}

/**
 * Runs `change` on the freshest copy of the order inside an IMMEDIATE transaction: no other
 * process can write in between, so the read-decide-write cannot race the CLI or a second server.
 * A refusal still commits what was written before it (the audit entry, the lock), since recording
 * failed attempts is the point.
 */
function updateOrder<T>(ctx: Context, orderId: string, change: (order: Order) => T): T {
	const outcome = ctx.db
		.transaction((): { value: T } | { refusal: Refusal } => {
			const order = findOrder(ctx.db, orderId);
			if (!order) return { refusal: new Refusal('order_not_found') };
			try {
				return { value: change(expireIfDue(ctx.db, order, ctx.now())) };
			} catch (error) {
				if (error instanceof Refusal) return { refusal: error };
				throw error;
			}
		})
		.immediate();
	if ('refusal' in outcome) throw outcome.refusal;
	return outcome.value;
}

/** The same key again (e.g. the app retrying after a lost answer) gets the same certificate. */
function sameKey(ctx: Context, order: Order, spkiSha256: string, caller: Caller): Order {
	if (order.spkiSha256 === spkiSha256) return order;
	recordAttempt(ctx, order.id, caller, 'request_refused', { code: 'csr_already_used' });
	throw new Refusal('csr_already_used');
}

function acceptRequest(
	ctx: Context,
	order: Order,
	csr: CheckedCsr,
	spkiSha256: string,
	caller: Caller
): Order {
	const now = ctx.now();
	const delay = order.issuanceDelaySeconds ?? issuanceDelayFor(ctx.config, order.productId);
	const changes = {
		csrDer: Buffer.from(csr.der),
		spkiSha256,
		agreementAcceptedAt: now.toISOString(),
		requestReceivedAt: now.toISOString(),
		issueAfter: new Date(now.getTime() + delay * 1000).toISOString()
	};
	const detail = {
		keyAlgorithm: csr.keyAlgorithm,
		agreementVersion: order.agreementVersion,
		agreementSha256: order.agreementSha256
	};
	transition(
		ctx.db,
		order,
		'request_received',
		{ actor: 'applicant', address: caller.address, event: 'request_received', detail },
		changes,
		now
	);
	const received = reload(ctx, order.id);
	if (delay === 0) return received;
	transition(
		ctx.db,
		received,
		'pending',
		{ actor: 'system', event: 'issuance_delayed', detail: { seconds: delay } },
		{},
		now
	);
	return reload(ctx, order.id);
}

function reload(ctx: Context, orderId: string): Order {
	const order = findOrder(ctx.db, orderId);
	if (!order) throw new Refusal('order_not_found');
	return order;
}

const inFlight = new Map<string, Promise<IssuanceResult>>();

/** Issues a received request once its delay is over; concurrent polls share one issuance. */
async function issueWhenDue(ctx: Context, order: Order, csr?: CheckedCsr): Promise<IssuanceResult> {
	if (order.status === 'issued') return issued(ctx, order.id);
	const now = ctx.now();
	if (order.issueAfter && order.issueAfter > now.toISOString()) {
		return {
			status: 'pending',
			retryAfterSeconds: Math.max(
				1,
				Math.ceil((Date.parse(order.issueAfter) - now.getTime()) / 1000)
			)
		};
	}
	let running = inFlight.get(order.id);
	if (!running) {
		running = issue(ctx, order, csr).finally(() => inFlight.delete(order.id));
		inFlight.set(order.id, running);
	}
	return running;
}

async function issue(ctx: Context, order: Order, known?: CheckedCsr): Promise<IssuanceResult> {
	const csr =
		known ??
		(await checkRequest(order.csrDer ?? new Uint8Array(), {
			subject: order.subject,
			subjectAltNames: order.subjectAltNames,
			allowedKeys: order.keyPolicy.allowed
		}));
	const certificate = await signedBy(ctx, order, csr);
	updateOrder(ctx, order.id, (current) => {
		if (current.status === 'issued' || certificateOf(ctx.db, current.id)) return;
		if (current.status !== 'request_received' && current.status !== 'pending')
			assertOpen(current, contactFor(ctx, current));
		const now = ctx.now();
		insertCertificate(ctx.db, current.id, certificate, now);
		transition(
			ctx.db,
			current,
			'issued',
			{ actor: 'system', event: 'certificate_issued', detail: { serial: certificate.serialHex } },
			{ issueAfter: null },
			now
		);
	});
	return issued(ctx, order.id);
}

/** Asks the issuer; its failures become problems the applicant can act on, and are audited. */
async function signedBy(ctx: Context, order: Order, csr: CheckedCsr): Promise<IssuedCertificate> {
	try {
		return await ctx.issuer.issue(
			{
				subject: order.subject,
				subjectAltNames: order.subjectAltNames,
				spki: csr.publicKeySpki,
				keyAlgorithm: csr.keyAlgorithm,
				csrDer: csr.der,
				profile: product(order.productId),
				validityMonths: order.validityMonths
			},
			ctx.now()
		);
	} catch (error) {
		if (error instanceof IssuerUnavailable) {
			console.error(`issuance for ${order.id} postponed: ${error.message}`);
			throw new Refusal('ca_unavailable', undefined, {
				retryAfterSeconds: error.retryAfterSeconds
			});
		}
		if (error instanceof IssuerRefused) {
			audit(
				ctx.db,
				{
					orderId: order.id,
					actor: 'system',
					event: 'issuance_refused',
					detail: { reason: error.message }
				},
				ctx.now()
			);
			throw new Refusal(
				'ca_refused',
				`The certificate authority did not issue this certificate. Contact ${contactFor(ctx, order)}.`
			);
		}
		throw error;
	}
}

function issued(ctx: Context, orderId: string): IssuanceResult {
	const certificate = certificateOf(ctx.db, orderId);
	if (!certificate) throw new Error(`order ${orderId} is issued but has no certificate`);
	return {
		status: 'issued',
		chainPem: encodePem('CERTIFICATE', certificate.der) + ctx.issuer.chainPem
	};
}

function attemptsLeft(ctx: Context, order: Order): number {
	return order.status === 'locked'
		? 0
		: Math.max(0, ctx.config.maxPickupAttempts - order.failedAttempts);
}

/**
 * A failed or refused attempt, for the audit log. Outside a transaction, storage that takes no
 * writes loses the entry (said on stderr) rather than the answer: the attempt changed nothing, and
 * the applicant should still learn that the link or order is wrong. Inside one, the failure
 * aborts the change it belongs to.
 */
function recordAttempt(
	ctx: Context,
	orderId: string,
	caller: Caller,
	event: string,
	detail?: AuditEntry['detail']
): void {
	const entry = { orderId, actor: 'applicant' as const, address: caller.address, event, detail };
	try {
		audit(ctx.db, entry, ctx.now());
	} catch (error) {
		if (ctx.db.inTransaction || !isStorageFailure(error)) throw error;
		console.error(`audit entry not written (${error.code}): ${event} for order ${orderId}`);
	}
}

function contactFor(ctx: Context, order: Order): string {
	return order.contact ?? ctx.config.contact;
}
