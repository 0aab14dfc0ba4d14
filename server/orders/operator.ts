/**
 * The CA operator's side, beside the applicant's (pickup.ts) over the same order store: creating
 * orders (after vetting, outside this program), cancelling, unlocking, reissuing and expiring them.
 * Used by the CLI; every change is audited as 'operator'.
 */
import { KEY_ALGORITHMS, type KeyAlgorithmName } from '../../src/lib/domain/key-algorithms.ts';
import type { OrderStatus } from '../../src/lib/domain/order-statuses.ts';
import type { SubjectAltName } from '../../src/lib/domain/subject-alt-names.ts';
import type { SubjectAttribute } from '../../src/lib/domain/subject-attributes.ts';
import { buildNameDer } from '../../src/lib/pki/name.ts';
import { PkiError } from '../../src/lib/pki/errors.ts';
import { agreement, DEFAULT_KEY_POLICY, passwordPolicy, product } from '../catalog.ts';
import type { Config } from '../config.ts';
import {
	generatePickupPassword,
	hashPickupPassword,
	randomOrderId,
	randomSecret,
	sha256
} from '../secrets.ts';
import type { Order, OrderChanges, OrderStore } from '../store/types.ts';
import { changeOrder, expireIfDue, FINAL_STATUSES } from './lifecycle.ts';
import { assertVisibleText } from './visible-text.ts';

export interface OrderInput {
	productId?: string;
	subject: SubjectAttribute[];
	/** Defaults to the subject's e-mail address (personal) or common name (server). */
	subjectAltNames?: SubjectAltName[];
	keyAllowed?: KeyAlgorithmName[];
	keyRecommended?: KeyAlgorithmName;
	passwordPolicyId?: string;
	agreementVersion?: string;
	validityMonths?: number;
	deadlineDays?: number;
	contact?: string;
	issuanceDelaySeconds?: number;
	/** Chosen by the applicant when ordering; generated when absent. */
	pickupPassword?: string;
}

export interface CreatedOrder {
	order: Order;
	/** Shown once, here: only its hash is stored. */
	link: string;
	linkSecret: string;
	pickupPassword: string;
}

export interface OperatorDeps {
	store: OrderStore;
	config: Config;
	now?: Date;
	/** The bench creates thousands of orders with one password and passes a memoized hasher. */
	hashPassword?: (password: string) => Promise<string>;
	/** Who is acting (the CLI passes the OS user), for the audit log. */
	operatorName?: string;
}

const PICKUP_DEADLINE_DAYS = 30;
const REISSUE_DEADLINE_DAYS = 7;
const DAY_MS = 24 * 3600 * 1000;
const MIN_PICKUP_PASSWORD = 8;

export async function createOrder(
	deps: OperatorDeps,
	input: OrderInput,
	reissueOf: string | null = null
): Promise<CreatedOrder> {
	const now = deps.now ?? new Date();
	const profile = product(input.productId ?? 'personal-sign-pro');
	const subject = input.subject;
	for (const { type, value } of subject) assertVisibleText(`subject ${type}`, value);
	if (input.contact !== undefined) assertVisibleText('contact', input.contact);
	for (const type of profile.requiredSubject) {
		if (!subject.some((attribute) => attribute.type === type))
			throw new Error(`${profile.id} orders need a subject ${type}`);
	}
	try {
		buildNameDer(subject);
	} catch (error) {
		if (error instanceof PkiError) throw new Error(`subject: ${error.message}`, { cause: error });
		throw error;
	}
	const subjectAltNames = input.subjectAltNames ?? defaultSans(profile.sanType, subject);
	checkSans(profile.sanType, subjectAltNames);
	const validityMonths = input.validityMonths ?? profile.defaultValidityMonths;
	if (
		!Number.isInteger(validityMonths) ||
		validityMonths < 1 ||
		validityMonths > profile.maxValidityMonths
	) {
		throw new Error(`validity must be 1 to ${profile.maxValidityMonths} months`);
	}
	const allowed = input.keyAllowed ?? DEFAULT_KEY_POLICY.allowed;
	const recommended =
		input.keyRecommended ??
		(allowed.includes(DEFAULT_KEY_POLICY.recommended)
			? DEFAULT_KEY_POLICY.recommended
			: allowed[0]);
	if (allowed.length === 0 || allowed.some((name) => !KEY_ALGORITHMS.includes(name)))
		throw new Error(`allowed keys must be among ${KEY_ALGORITHMS.join(', ')}`);
	if (!recommended || !allowed.includes(recommended))
		throw new Error('the recommended key must be one of the allowed keys');
	const policy = passwordPolicy(input.passwordPolicyId ?? profile.defaultPasswordPolicy);
	const terms = agreement(input.agreementVersion ?? profile.defaultAgreement);
	const deadlineDays =
		input.deadlineDays ?? (reissueOf ? REISSUE_DEADLINE_DAYS : PICKUP_DEADLINE_DAYS);
	if (!Number.isInteger(deadlineDays) || deadlineDays < 1 || deadlineDays > 366)
		throw new Error('the pickup deadline must be 1 to 366 days');
	const pickupPassword = input.pickupPassword ?? generatePickupPassword();
	if ([...pickupPassword].length < MIN_PICKUP_PASSWORD)
		throw new Error(`the pickup password must have at least ${MIN_PICKUP_PASSWORD} characters`);
	const linkSecret = randomSecret(24);
	const hash =
		deps.hashPassword ?? ((password: string) => hashPickupPassword(password, deps.config.scrypt));
	const order = {
		id: randomOrderId(),
		productId: profile.id,
		subject,
		subjectAltNames,
		keyPolicy: { allowed, recommended },
		passwordPolicyId: policy.id,
		agreementVersion: terms.version,
		agreementSha256: terms.sha256,
		validityMonths,
		contact: input.contact ?? null,
		issuanceDelaySeconds: input.issuanceDelaySeconds ?? null,
		createdAt: now.toISOString(),
		pickupDeadline: new Date(now.getTime() + deadlineDays * DAY_MS).toISOString(),
		reissueOf,
		linkSecretSha256: sha256(linkSecret),
		pickupPasswordHash: await hash(pickupPassword)
	};
	await deps.store.transaction(null, (tx) =>
		tx.insertOrder(order, { actor: 'operator', detail: { by: deps.operatorName ?? null } })
	);
	const created = await deps.store.findOrder(order.id);
	if (!created) throw new Error('the new order was not stored');
	return {
		order: created,
		link: pickupLink(deps.config, order.id, linkSecret),
		linkSecret,
		pickupPassword
	};
}

export function pickupLink(config: Config, orderId: string, linkSecret: string): string {
	return `${config.publicUrl}/pickup#o=${orderId}&s=${linkSecret}`;
}

export function cancelOrder(deps: OperatorDeps, orderId: string, reason: string): Promise<Order> {
	return operate(deps, orderId, 'cancelled', 'cancelled', { reason }, (order) => {
		if (FINAL_STATUSES.has(order.status))
			throw new Error(`order ${order.id} is already ${order.status}`);
	});
}

/** Gives the applicant a fresh set of attempts; the order returns to where it was locked. */
export async function unlockOrder(deps: OperatorDeps, orderId: string): Promise<Order> {
	const loaded = await requireOrder(deps, orderId);
	if (loaded.status !== 'locked')
		throw new Error(`order ${orderId} is not locked but ${loaded.status}`);
	const back: OrderStatus = loaded.lockedFrom ?? 'awaiting_pickup';
	return operate(deps, orderId, back, 'unlocked', {}, () => undefined, {
		failedAttempts: 0,
		lockedFrom: null
	});
}

/**
 * A new order for the same subject under the same terms, with a new link, a new pickup password and
 * a 7-day deadline; the applicant makes a new key pair. An old order still open is cancelled, so
 * only one link can ever lead to a certificate.
 */
export async function reissueOrder(
	deps: OperatorDeps,
	orderId: string,
	overrides: Pick<OrderInput, 'pickupPassword' | 'deadlineDays' | 'validityMonths' | 'contact'>
): Promise<CreatedOrder> {
	const old = await requireOrder(deps, orderId);
	if (!FINAL_STATUSES.has(old.status)) await cancelOrder(deps, orderId, 'superseded by a reissue');
	return createOrder(
		deps,
		{
			productId: old.productId,
			subject: old.subject,
			subjectAltNames: old.subjectAltNames,
			keyAllowed: old.keyPolicy.allowed,
			keyRecommended: old.keyPolicy.recommended,
			passwordPolicyId: old.passwordPolicyId,
			agreementVersion: old.agreementVersion,
			validityMonths: overrides.validityMonths ?? old.validityMonths,
			deadlineDays: overrides.deadlineDays,
			contact: overrides.contact ?? old.contact ?? undefined,
			issuanceDelaySeconds: old.issuanceDelaySeconds ?? undefined,
			pickupPassword: overrides.pickupPassword
		},
		old.id
	);
}

/** Expires every order whose pickup deadline has passed; returns their ids. */
export async function expireDueOrders(
	deps: OperatorDeps,
	actor: 'operator' | 'system' = 'operator'
): Promise<string[]> {
	const now = deps.now ?? new Date();
	const expired: string[] = [];
	for (const id of await deps.store.dueOrderIds(now)) {
		const order = await changeOrder(deps.store, id, (tx, current) =>
			expireIfDue(tx, current, now, actor)
		);
		if (order.status === 'expired') expired.push(id);
	}
	return expired;
}

/** Checks and changes the order in one transaction; the change is audited as the operator's. */
async function operate(
	deps: OperatorDeps,
	orderId: string,
	to: OrderStatus,
	event: string,
	detail: Record<string, string>,
	check: (order: Order) => void,
	changes: OrderChanges = {}
): Promise<Order> {
	await requireOrder(deps, orderId);
	return changeOrder(deps.store, orderId, async (tx, order) => {
		check(order);
		return tx.transition(
			order,
			to,
			{ actor: 'operator', event, detail: { ...detail, by: deps.operatorName ?? null } },
			changes,
			deps.now ?? new Date()
		);
	});
}

async function requireOrder(deps: OperatorDeps, orderId: string): Promise<Order> {
	const order = await deps.store.findOrder(orderId);
	if (!order) throw new Error(`no order ${orderId}`);
	return order;
}

function defaultSans(type: 'email' | 'dns', subject: SubjectAttribute[]): SubjectAltName[] {
	const source = type === 'email' ? 'emailAddress' : 'CN';
	return subject
		.filter((attribute) => attribute.type === source)
		.map(({ value }) => ({ type, value }));
}

const EMAIL =
	/^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const DNS =
	/^(?:\*\.)?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

function checkSans(type: 'email' | 'dns', names: SubjectAltName[]): void {
	if (names.length === 0)
		throw new Error(
			`the product needs at least one ${type === 'email' ? 'e-mail address' : 'DNS name'}`
		);
	for (const name of names) {
		if (name.type !== type)
			throw new Error(`the product carries only ${type} names, not ${name.type}`);
		if (!(type === 'email' ? EMAIL : DNS).test(name.value) || name.value.length > 253)
			throw new Error(`not a valid ${type} name: ${name.value}`);
	}
}
