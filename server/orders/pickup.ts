/**
 * The applicant's side of a pickup, one function per API operation: review the order with the link
 * secret, open a session with the pickup password, hand in the certificate request, fetch the
 * chain, acknowledge collection. Each loads the order fresh from the store, so a restart between
 * any two steps, or the next step arriving at another server instance, loses nothing.
 */
import type { IssuanceResult, OrderSummary, SessionGrant } from '../../src/lib/api/types.ts';
import { encodePem } from '../../src/lib/pki/pem.ts';
import { agreement, passwordPolicy, product } from '../catalog.ts';
import { issuanceDelayFor } from '../config.ts';
import type { Context } from '../context.ts';
import { checkRequest, type CheckedCsr } from '../csr.ts';
import { IssuerRefused, IssuerUnavailable, type IssuedCertificate } from '../issuers/issuer.ts';
import { Refusal } from '../problems.ts';
import { randomSecret, sameBytes, sha256, verifyPickupPassword } from '../secrets.ts';
import { isStorageFailure } from '../store/storage-failure.ts';
import type { AuditEntry, Order, OrderReads, OrderTx } from '../store/types.ts';
import { assertOpen, changeOrder, expireIfDue, isDue, lockedDetail } from './lifecycle.ts';

export interface Caller {
	address: string;
}

/**
 * How long one instance may take to get a certificate from the issuer before another may try:
 * longer than any issuer's timeout, short enough that a crashed instance delays nobody for long.
 */
const ISSUANCE_CLAIM_SECONDS = 60;

export async function orderSummary(
	ctx: Context,
	orderId: string,
	linkSecret: string,
	caller: Caller
): Promise<OrderSummary> {
	const order = await orderByLink(ctx, orderId, linkSecret, caller);
	if (order.status !== 'locked') assertOpen(order, contactFor(ctx, order));
	if (order.linkOpenedAt === null) await noteLinkOpened(ctx, order, caller);
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
 * "Opened" in the operator's history: once per link, the first time it shows the applicant the
 * order. A link replaced meanwhile (resend) is not the one that was opened.
 */
async function noteLinkOpened(ctx: Context, opened: Order, caller: Caller): Promise<void> {
	try {
		await markLinkOpened(ctx, opened, caller);
	} catch (error) {
		// A full disk must not keep the applicant from reading their order: the note is for staff.
		letStorageFailureGo(error, 'link_opened', opened.id);
	}
}

async function markLinkOpened(ctx: Context, opened: Order, caller: Caller): Promise<void> {
	await updateOrder(ctx, opened.id, async (tx, current) => {
		if (
			current.linkOpenedAt !== null ||
			!sameBytes(current.linkSecretSha256, opened.linkSecretSha256)
		)
			return;
		const now = ctx.now();
		await tx.transition(
			current,
			current.status,
			{ actor: 'applicant', address: caller.address, event: 'link_opened' },
			{ linkOpenedAt: now.toISOString() },
			now
		);
	});
}

/**
 * Checks the pickup password. The attempt is counted before the (slow) check and given back only
 * when the password was right, so concurrent guesses, at one instance or several, cannot outrun
 * the lockout.
 */
export async function openSession(
	ctx: Context,
	orderId: string,
	linkSecret: string,
	pickupPassword: string,
	caller: Caller
): Promise<SessionGrant> {
	const order = await orderByLink(ctx, orderId, linkSecret, caller);
	assertOpen(order, contactFor(ctx, order));
	const counted = await updateOrder(ctx, orderId, async (tx, current) => {
		assertOpen(current, contactFor(ctx, current));
		// The last attempts are still being checked: until they turn out right, the order is locked.
		if (current.failedAttempts >= ctx.config.maxPickupAttempts) {
			await recordAttempt(ctx, tx, orderId, caller, 'pickup_password_refused', {
				reason: 'attempts exhausted'
			});
			throw new Refusal('order_locked', lockedDetail(contactFor(ctx, current)), {
				attemptsLeft: 0
			});
		}
		return tx.transition(
			current,
			current.status,
			{ actor: 'applicant', address: caller.address, event: 'pickup_password_attempt' },
			{ failedAttempts: current.failedAttempts + 1 },
			ctx.now()
		);
	});
	const right = await verifyPickupPassword(pickupPassword, counted.pickupPasswordHash);
	return updateOrder(ctx, orderId, async (tx, current) => {
		const now = ctx.now();
		if (right) {
			assertOpen(current, contactFor(ctx, current));
			await tx.transition(
				current,
				current.status,
				{ actor: 'applicant', address: caller.address, event: 'session_opened' },
				{ failedAttempts: current.failedAttempts - 1 },
				now
			);
			const grant = await newSession(tx, orderId, ctx.config.sessionTtlSeconds, now);
			ctx.metrics.pickup('session_opened');
			return grant;
		}
		const left = Math.max(0, ctx.config.maxPickupAttempts - current.failedAttempts);
		const detail = { attemptsLeft: left };
		if (left > 0 || current.status === 'locked') {
			await recordAttempt(ctx, tx, orderId, caller, 'pickup_password_wrong', detail);
			if (left > 0) throw new Refusal('pickup_password_wrong', undefined, detail);
		} else {
			const event = {
				actor: 'applicant' as const,
				address: caller.address,
				event: 'pickup_password_wrong',
				detail
			};
			await tx.transition(current, 'locked', event, { lockedFrom: current.status }, now);
			ctx.metrics.lockout();
		}
		throw new Refusal('order_locked', lockedDetail(contactFor(ctx, current)), { attemptsLeft: 0 });
	});
}

/**
 * What a correct pickup password buys, for a short time and for one order only. Stored as SHA-256
 * of the token, so a copy of the database cannot act for an applicant, and valid at every instance.
 */
async function newSession(
	tx: OrderTx,
	orderId: string,
	ttlSeconds: number,
	now: Date
): Promise<SessionGrant> {
	const sessionToken = randomSecret(32);
	const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
	await tx.insertSession(orderId, sha256(sessionToken), now, expiresAt);
	return { sessionToken, expiresAt: expiresAt.toISOString() };
}

/** The order a session token is for; refuses unknown, expired or foreign tokens alike. */
export async function orderBySession(
	ctx: Context,
	orderId: string,
	token: string | undefined,
	caller: Caller
): Promise<Order> {
	// A lookup by hash needs no constant-time compare.
	if (!token || !(await ctx.store.sessionValid(orderId, sha256(token), ctx.now()))) {
		await recordAttempt(ctx, ctx.store, orderId, caller, 'session_invalid');
		throw new Refusal('session_invalid');
	}
	const order = await ctx.store.findOrder(orderId);
	if (!order) throw new Refusal('order_not_found');
	return expiredWhenDue(ctx, order);
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
			await recordAttempt(ctx, ctx.store, order.id, caller, 'request_refused', {
				code: error.code
			});
		throw error;
	}
	const spkiSha256 = sha256(csr.publicKeySpki).toString('hex');
	const accepted = await updateOrder(ctx, order.id, async (tx, current) => {
		assertOpen(current, contactFor(ctx, current));
		if (current.spkiSha256 !== null)
			return { order: await sameKey(ctx, tx, current, spkiSha256, caller) };
		if (await tx.orderWithKey(spkiSha256, current.id)) {
			await recordAttempt(ctx, tx, current.id, caller, 'request_refused', {
				code: 'csr_already_used',
				reason: 'key used by another order'
			});
			throw new Refusal(
				'csr_already_used',
				'This key was already used for another order: generate a new key pair.'
			);
		}
		const received = await acceptRequest(ctx, tx, current, csr, spkiSha256, caller);
		ctx.metrics.pickup('request_accepted');
		if (received.status !== 'request_received') return { order: received };
		// Issued at once: the claim goes into the transaction that accepts the request, a commit
		// fewer per issuance. A new request's order holds no claim yet, so this one is ours.
		const claimed = await claimIssuance(ctx, tx, received);
		return typeof claimed === 'object' ? { order: claimed, claimed } : { order: received };
	});
	return issueWhenDue(ctx, accepted.order, csr, accepted.claimed);
}

export async function currentCertificate(ctx: Context, order: Order): Promise<IssuanceResult> {
	assertOpen(order, contactFor(ctx, order));
	if (order.spkiSha256 === null) throw new Refusal('certificate_not_ready');
	return issueWhenDue(ctx, order);
}

/** Idempotent, so an acknowledgement whose answer was lost on a bad connection can be repeated. */
export async function acknowledgeCollected(
	ctx: Context,
	order: Order,
	caller: Caller
): Promise<void> {
	if (order.status === 'collected') return;
	assertOpen(order, contactFor(ctx, order));
	if (order.status !== 'issued') throw new Refusal('certificate_not_ready');
	await updateOrder(ctx, order.id, async (tx, current) => {
		if (current.status === 'collected') return;
		if (current.status !== 'issued') throw new Refusal('certificate_not_ready');
		const now = ctx.now();
		await tx.transition(
			current,
			'collected',
			{ actor: 'applicant', address: caller.address, event: 'collected' },
			{ collectedAt: now.toISOString() },
			now
		);
		ctx.metrics.pickup('collected');
	});
}

export async function orderByLink(
	ctx: Context,
	orderId: string,
	linkSecret: string,
	caller: Caller
): Promise<Order> {
	const found = await ctx.store.findOrder(orderId);
	if (!found) {
		await recordAttempt(ctx, ctx.store, orderId, caller, 'order_not_found');
		throw new Refusal('order_not_found');
	}
	if (!sameBytes(sha256(linkSecret), found.linkSecretSha256)) {
		await recordAttempt(ctx, ctx.store, orderId, caller, 'link_invalid');
		throw new Refusal('link_invalid');
	}
	return expiredWhenDue(ctx, found);
}

/** The order as read, or expired first when its deadline has passed. */
function expiredWhenDue(ctx: Context, order: Order): Promise<Order> | Order {
	return isDue(order, ctx.now())
		? changeOrder(ctx.store, order.id, (tx, fresh) => expireIfDue(tx, fresh, ctx.now()))
		: order;
}

/** `changeOrder` for the applicant: an order whose deadline passed is expired before `change` sees it. */
function updateOrder<T>(
	ctx: Context,
	orderId: string,
	change: (tx: OrderTx, order: Order) => Promise<T>
): Promise<T> {
	return changeOrder(ctx.store, orderId, async (tx, order) =>
		change(tx, await expireIfDue(tx, order, ctx.now()))
	);
}

/** The same key again (e.g. the app retrying after a lost answer) gets the same certificate. */
async function sameKey(
	ctx: Context,
	tx: OrderTx,
	order: Order,
	spkiSha256: string,
	caller: Caller
): Promise<Order> {
	if (order.spkiSha256 === spkiSha256) return order;
	await recordAttempt(ctx, tx, order.id, caller, 'request_refused', { code: 'csr_already_used' });
	throw new Refusal('csr_already_used');
}

async function acceptRequest(
	ctx: Context,
	tx: OrderTx,
	order: Order,
	csr: CheckedCsr,
	spkiSha256: string,
	caller: Caller
): Promise<Order> {
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
	const received = await tx.transition(
		order,
		'request_received',
		{ actor: 'applicant', address: caller.address, event: 'request_received', detail },
		changes,
		now
	);
	if (delay === 0) return received;
	return tx.transition(
		received,
		'pending',
		{ actor: 'system', event: 'issuance_delayed', detail: { seconds: delay } },
		{},
		now
	);
}

const inFlight = new Map<string, Promise<IssuanceResult>>();

/**
 * Issues a received request once its delay is over; concurrent polls share one issuance. `claimed`
 * is the order with this instance's claim on the issuance, when the caller took it already.
 */
async function issueWhenDue(
	ctx: Context,
	order: Order,
	csr?: CheckedCsr,
	claimed?: Order
): Promise<IssuanceResult> {
	if (order.status === 'issued') return issued(ctx, order.id);
	const now = ctx.now();
	if (order.issueAfter && order.issueAfter > now.toISOString())
		return pending(Date.parse(order.issueAfter) - now.getTime());
	let running = inFlight.get(order.id);
	if (!running) {
		running = issue(ctx, order.id, csr, claimed).finally(() => inFlight.delete(order.id));
		inFlight.set(order.id, running);
	}
	return running;
}

/**
 * Claims the order's issuance in the store before asking the issuer, so that of several server
 * instances polled at once only one asks (an external CA would otherwise sign twice); the others
 * answer "pending" until the certificate is stored. A failed attempt gives the claim back.
 */
async function issue(
	ctx: Context,
	orderId: string,
	known?: CheckedCsr,
	claimed?: Order
): Promise<IssuanceResult> {
	const claim =
		claimed ?? (await updateOrder(ctx, orderId, (tx, current) => claimIssuance(ctx, tx, current)));
	if (claim === 'issued') return issued(ctx, orderId);
	// Another instance is asking; its answer is usually a moment away.
	if (typeof claim === 'number') return pending(Math.min(claim, 1000));
	let certificate: IssuedCertificate;
	try {
		const csr =
			known ??
			// A copy: PostgreSQL's Buffer is a view into a shared pool, which the PKI core's
			// Uint8Array handling does not expect.
			(await checkRequest(new Uint8Array(claim.csrDer ?? []), {
				subject: claim.subject,
				subjectAltNames: claim.subjectAltNames,
				allowedKeys: claim.keyPolicy.allowed
			}));
		certificate = await signedBy(ctx, claim, csr);
	} catch (error) {
		await updateOrder(ctx, orderId, async (tx, current) => {
			if (current.issuingUntil !== null)
				await tx.transition(
					current,
					current.status,
					{ actor: 'system', event: 'issuance_failed' },
					{ issuingUntil: null },
					ctx.now()
				);
		});
		throw error;
	}
	const stored = await updateOrder(ctx, orderId, async (tx, current) => {
		if (current.status === 'issued' || (await tx.certificateOf(current.id))) return false;
		if (current.status !== 'request_received' && current.status !== 'pending')
			assertOpen(current, contactFor(ctx, current));
		const now = ctx.now();
		await tx.insertCertificate(current.id, certificate, now);
		await tx.transition(
			current,
			'issued',
			{ actor: 'system', event: 'certificate_issued', detail: { serial: certificate.serialHex } },
			{ issueAfter: null, issuingUntil: null },
			now
		);
		return true;
	});
	if (stored && claim.requestReceivedAt)
		ctx.metrics.issued((ctx.now().getTime() - Date.parse(claim.requestReceivedAt)) / 1000);
	// What was just stored needs no second read; another instance's certificate does.
	return stored ? issuedChain(ctx, certificate.der) : issued(ctx, orderId);
}

/**
 * The order with this instance's claim on its issuance, or what stands in the way: 'issued', or
 * the milliseconds until another instance's claim runs out.
 */
async function claimIssuance(
	ctx: Context,
	tx: OrderTx,
	current: Order
): Promise<Order | 'issued' | number> {
	if (current.status === 'issued') return 'issued';
	if (current.status !== 'request_received' && current.status !== 'pending')
		assertOpen(current, contactFor(ctx, current));
	const now = ctx.now();
	if (current.issuingUntil && current.issuingUntil > now.toISOString())
		return Date.parse(current.issuingUntil) - now.getTime();
	const until = new Date(now.getTime() + ISSUANCE_CLAIM_SECONDS * 1000).toISOString();
	return tx.transition(
		current,
		current.status,
		{ actor: 'system', event: 'issuance_started' },
		{ issuingUntil: until },
		now
	);
}

function pending(milliseconds: number): IssuanceResult {
	return { status: 'pending', retryAfterSeconds: Math.max(1, Math.ceil(milliseconds / 1000)) };
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
			await ctx.store.audit(
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

async function issued(ctx: Context, orderId: string): Promise<IssuanceResult> {
	const certificate = await ctx.store.certificateOf(orderId);
	if (!certificate) throw new Error(`order ${orderId} is issued but has no certificate`);
	return issuedChain(ctx, certificate.der);
}

function issuedChain(ctx: Context, der: Uint8Array): IssuanceResult {
	return { status: 'issued', chainPem: encodePem('CERTIFICATE', der) + ctx.issuer.chainPem };
}

function attemptsLeft(ctx: Context, order: Order): number {
	return order.status === 'locked'
		? 0
		: Math.max(0, ctx.config.maxPickupAttempts - order.failedAttempts);
}

/**
 * A failed or refused attempt, for the audit log. Outside a transaction (`log` is the store),
 * storage that takes no writes loses the entry (said on stderr) rather than the answer: the attempt
 * changed nothing, and the applicant should still learn that the link or order is wrong. Inside one
 * (`log` is the transaction), the failure aborts the change it belongs to.
 */
async function recordAttempt(
	ctx: Context,
	log: Pick<OrderReads, 'audit'>,
	orderId: string,
	caller: Caller,
	event: string,
	detail?: AuditEntry['detail']
): Promise<void> {
	const entry = { orderId, actor: 'applicant' as const, address: caller.address, event, detail };
	try {
		await log.audit(entry, ctx.now());
	} catch (error) {
		if (log !== ctx.store) throw error;
		letStorageFailureGo(error, event, orderId);
	}
}

/** An applicant's audit entry that storage refused is logged and let go; any other error is not. */
function letStorageFailureGo(error: unknown, event: string, orderId: string): void {
	if (!isStorageFailure(error)) throw error;
	console.error(`audit entry not written (${error.code}): ${event} for order ${orderId}`);
}

function contactFor(ctx: Context, order: Order): string {
	return order.contact ?? ctx.config.contact;
}
