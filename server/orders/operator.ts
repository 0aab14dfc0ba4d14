/**
 * The CA operator's side, beside the applicant's (pickup.ts) over the same order store: creating
 * orders (after vetting, outside this program), cancelling, unlocking, reissuing, resending and
 * expiring them. The CLI and the operator API call these functions and nothing else; every change
 * is audited as 'operator' with who acted and through what. The pickup e-mail is queued in the
 * outbox in the transaction that creates the order or the new link, so it is sent exactly when the
 * change is committed.
 */
import { KEY_ALGORITHMS, type KeyAlgorithmName } from '../../src/lib/domain/key-algorithms.ts';
import type { OrderStatus } from '../../src/lib/domain/order-statuses.ts';
import type { SubjectAltName } from '../../src/lib/domain/subject-alt-names.ts';
import type { SubjectAttribute } from '../../src/lib/domain/subject-attributes.ts';
import { buildNameDer } from '../../src/lib/pki/name.ts';
import { PkiError } from '../../src/lib/pki/errors.ts';
import { agreement, DEFAULT_KEY_POLICY, passwordPolicy, product } from '../catalog.ts';
import type { Config } from '../config.ts';
import { MAIL_LOCALES, isMailLocale, type MailLocale } from '../mail/locales.ts';
import { pickupMailMessage } from '../outbox/pickup-mail-message.ts';
import { Refusal } from '../problems.ts';
import {
	generatePickupPassword,
	hashPickupPassword,
	randomOrderId,
	randomSecret,
	sha256
} from '../secrets.ts';
import type { Delivery, Order, OrderChanges, OrderStore, OrderTx } from '../store/types.ts';
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
	/** Whom the pickup e-mail goes to; defaults to the subject's e-mail address. */
	notifyEmail?: string;
	locale?: MailLocale;
	/** 'email' (the server sends the pickup e-mail) needs an address; default 'link'. */
	delivery?: Delivery;
}

export interface CreatedOrder {
	order: Order;
	/** Shown once, here: only its hash is stored. */
	link: string;
	linkSecret: string;
	pickupPassword: string;
	/** Whether the pickup password was generated here, rather than chosen by the applicant. */
	pickupPasswordGenerated: boolean;
}

/** A new link for an order, sent again by e-mail (or handed to the CA for 'link' orders). */
export interface ResentLink {
	order: Order;
	link: string;
}

export interface OperatorDeps {
	store: OrderStore;
	config: Config;
	now?: Date;
	/** The bench creates thousands of orders with one password and passes a memoized hasher. */
	hashPassword?: (password: string) => Promise<string>;
	/** Who is acting (the CLI passes the OS user, the API its key's name), for the audit log. */
	operatorName?: string;
	/** Through what: 'cli', 'api' or 'console'. */
	via?: string;
	/** Runs in the transaction that creates an order, after it: what must commit with it. */
	alongCreation?: (tx: OrderTx, created: CreatedOrder) => Promise<void>;
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
	const profile = checked('productId', () => product(input.productId ?? 'personal-sign-pro'));
	const subject = input.subject;
	for (const { type, value } of subject)
		checked(SUBJECT_FIELDS[type] ?? 'subject', () => assertVisibleText(`subject ${type}`, value));
	if (input.contact !== undefined)
		checked('contact', () => assertVisibleText('contact', input.contact ?? ''));
	for (const type of profile.requiredSubject) {
		if (!subject.some((attribute) => attribute.type === type))
			invalid(SUBJECT_FIELDS[type] ?? 'subject', `${profile.id} orders need a subject ${type}`);
	}
	try {
		buildNameDer(subject);
	} catch (error) {
		if (error instanceof PkiError) invalid('subject', `subject: ${error.message}`);
		throw error;
	}
	const subjectAltNames = input.subjectAltNames ?? defaultSans(profile.sanType, subject);
	// Names made from the subject are wrong where the caller wrote them: the e-mail or the CN.
	const sansField =
		input.subjectAltNames !== undefined
			? 'subjectAltNames'
			: profile.sanType === 'email'
				? 'email'
				: 'commonName';
	checkSans(profile.sanType, subjectAltNames, sansField);
	const validityMonths = input.validityMonths ?? profile.defaultValidityMonths;
	if (
		!Number.isInteger(validityMonths) ||
		validityMonths < 1 ||
		validityMonths > profile.maxValidityMonths
	) {
		invalid('validityMonths', `validity must be 1 to ${profile.maxValidityMonths} months`);
	}
	const allowed = input.keyAllowed ?? DEFAULT_KEY_POLICY.allowed;
	const recommended =
		input.keyRecommended ??
		(allowed.includes(DEFAULT_KEY_POLICY.recommended)
			? DEFAULT_KEY_POLICY.recommended
			: allowed[0]);
	if (allowed.length === 0 || allowed.some((name) => !KEY_ALGORITHMS.includes(name)))
		invalid('keyAllowed', `allowed keys must be among ${KEY_ALGORITHMS.join(', ')}`);
	if (!recommended || !allowed.includes(recommended))
		invalid('keyRecommended', 'the recommended key must be one of the allowed keys');
	const policy = checked('passwordPolicyId', () =>
		passwordPolicy(input.passwordPolicyId ?? profile.defaultPasswordPolicy)
	);
	const terms = checked('agreementVersion', () =>
		agreement(input.agreementVersion ?? profile.defaultAgreement)
	);
	const deadlineDays =
		input.deadlineDays ?? (reissueOf ? REISSUE_DEADLINE_DAYS : PICKUP_DEADLINE_DAYS);
	if (!Number.isInteger(deadlineDays) || deadlineDays < 1 || deadlineDays > 366)
		invalid('deadlineDays', 'the pickup deadline must be 1 to 366 days');
	const pickupPasswordGenerated = input.pickupPassword === undefined;
	const pickupPassword = input.pickupPassword ?? generatePickupPassword();
	if ([...pickupPassword].length < MIN_PICKUP_PASSWORD)
		invalid(
			'pickupPassword',
			`the pickup password must have at least ${MIN_PICKUP_PASSWORD} characters`
		);
	const locale = input.locale ?? 'en';
	if (!isMailLocale(locale))
		invalid('locale', `the language must be one of ${MAIL_LOCALES.join(', ')}`);
	const delivery = input.delivery ?? 'link';
	if (delivery !== 'email' && delivery !== 'link')
		invalid('delivery', 'delivery must be "email" or "link"');
	const notifyEmail =
		input.notifyEmail ?? subject.find((attribute) => attribute.type === 'emailAddress')?.value;
	if (notifyEmail !== undefined && (!EMAIL.test(notifyEmail) || notifyEmail.length > 254))
		invalid('email', `not a valid e-mail address: ${notifyEmail}`);
	if (delivery === 'email' && notifyEmail === undefined)
		invalid('email', 'an e-mail address is needed to send the pickup e-mail');
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
		pickupPasswordHash: await hash(pickupPassword),
		notifyEmail: notifyEmail ?? null,
		locale,
		delivery
	};
	const link = pickupLink(deps.config, order.id, linkSecret, locale);
	return deps.store.transaction(null, async (tx) => {
		await tx.insertOrder(order, { actor: 'operator', detail: actedBy(deps) });
		const stored = await tx.findOrder(order.id);
		if (!stored) throw new Error('the new order was not stored');
		if (delivery === 'email') await tx.enqueue(pickupMailMessage(deps.config, stored, link), now);
		const created = { order: stored, link, linkSecret, pickupPassword, pickupPasswordGenerated };
		await deps.alongCreation?.(tx, created);
		return created;
	});
}

/** The order's language rides in the fragment too: the app opens in it (src/lib/i18n/link-locale.ts). */
export function pickupLink(
	config: Config,
	orderId: string,
	linkSecret: string,
	locale: MailLocale
): string {
	return `${config.publicUrl}/pickup#o=${orderId}&s=${linkSecret}&l=${locale}`;
}

export function cancelOrder(deps: OperatorDeps, orderId: string, reason: string): Promise<Order> {
	return operate(deps, orderId, 'cancelled', 'cancelled', { reason }, (order) => {
		if (FINAL_STATUSES.has(order.status))
			throw new Refusal('order_state_conflict', `order ${order.id} is already ${order.status}`);
	});
}

/**
 * Gives the applicant a fresh set of attempts; the order returns to where it was locked. The
 * reason, when given, is audited with it.
 */
export async function unlockOrder(
	deps: OperatorDeps,
	orderId: string,
	reason?: string
): Promise<Order> {
	const loaded = await requireOrder(deps, orderId);
	if (loaded.status !== 'locked')
		throw new Refusal(
			'order_state_conflict',
			`order ${orderId} is not locked but ${loaded.status}`
		);
	const back: OrderStatus = loaded.lockedFrom ?? 'awaiting_pickup';
	const detail: Record<string, string> = reason === undefined ? {} : { reason };
	return operate(deps, orderId, back, 'unlocked', detail, () => undefined, {
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
	overrides: Pick<
		OrderInput,
		'pickupPassword' | 'deadlineDays' | 'validityMonths' | 'contact' | 'delivery' | 'locale'
	>
): Promise<CreatedOrder> {
	const old = await requireOrder(deps, orderId);
	const now = deps.now ?? new Date();
	// In the new order's transaction: a reissue refused (a rule, a failure) leaves the old one open.
	const cancelOld = async (tx: OrderTx, created: CreatedOrder) => {
		const current = await tx.findOrder(orderId);
		if (current && !FINAL_STATUSES.has(current.status))
			await tx.transition(
				current,
				'cancelled',
				{
					actor: 'operator',
					event: 'cancelled',
					detail: { reason: 'superseded by a reissue', ...actedBy(deps) }
				},
				{},
				now
			);
		await deps.alongCreation?.(tx, created);
	};
	return createOrder(
		{ ...deps, now, alongCreation: cancelOld },
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
			pickupPassword: overrides.pickupPassword,
			notifyEmail: old.notifyEmail ?? undefined,
			locale: overrides.locale ?? old.locale,
			delivery: overrides.delivery ?? old.delivery
		},
		old.id
	);
}

/**
 * A new link secret for an order nobody has started to pick up: the old link no longer opens it
 * (a queued e-mail with it is dropped), and the pickup e-mail goes out again with the new one.
 * `delivery` changes how the order's links reach the applicant from now on: 'email' lets the
 * server e-mail a link-only order. Once a request is in, the applicant's device holds the link it
 * needs to finish, so the link is kept.
 */
export async function resendOrder(
	deps: OperatorDeps,
	orderId: string,
	options: { delivery?: Delivery } = {}
): Promise<ResentLink> {
	await requireOrder(deps, orderId);
	const now = deps.now ?? new Date();
	const linkSecret = randomSecret(24);
	let link = '';
	const order = await changeOrder(deps.store, orderId, async (tx, current) => {
		if (current.status !== 'awaiting_pickup')
			throw new Refusal(
				'order_state_conflict',
				current.status === 'locked'
					? `order ${orderId} is locked: unlock it first`
					: `order ${orderId} is ${current.status}: only an order awaiting pickup gets a new link`
			);
		const delivery = options.delivery ?? current.delivery;
		if (delivery === 'email' && current.notifyEmail === null)
			invalid('delivery', `order ${orderId} has no e-mail address to send the link to`);
		const changed = await tx.transition(
			current,
			current.status,
			{ actor: 'operator', event: 'link_resent', detail: { delivery, ...actedBy(deps) } },
			{ linkSecretSha256: sha256(linkSecret), linkOpenedAt: null, delivery },
			now
		);
		link = pickupLink(deps.config, orderId, linkSecret, changed.locale);
		await tx.supersedeUnsent(orderId, 'email', now);
		if (delivery === 'email') await tx.enqueue(pickupMailMessage(deps.config, changed, link), now);
		return changed;
	});
	return { order, link };
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
			{ actor: 'operator', event, detail: { ...detail, ...actedBy(deps) } },
			changes,
			deps.now ?? new Date()
		);
	});
}

async function requireOrder(deps: OperatorDeps, orderId: string): Promise<Order> {
	const order = await deps.store.findOrder(orderId);
	if (!order) throw new Refusal('order_not_found', `no order ${orderId}`);
	return order;
}

function actedBy(deps: OperatorDeps): { by: string | null; via: string | null } {
	return { by: deps.operatorName ?? null, via: deps.via ?? null };
}

/** The API's name for the field each subject attribute comes from. */
const SUBJECT_FIELDS: Partial<Record<SubjectAttribute['type'], string>> = {
	CN: 'commonName',
	O: 'organization',
	C: 'country',
	emailAddress: 'email',
	organizationIdentifier: 'organizationIdentifier'
};

function invalid(field: string, message: string): never {
	throw new Refusal('order_invalid', message, { field });
}

/** Runs a check that throws a plain Error, as a refusal about `field`. */
function checked<T>(field: string, check: () => T): T {
	try {
		return check();
	} catch (error) {
		if (error instanceof Error && error.constructor === Error) invalid(field, error.message);
		throw error;
	}
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

function checkSans(type: 'email' | 'dns', names: SubjectAltName[], field: string): void {
	if (names.length === 0)
		invalid(
			field,
			`the product needs at least one ${type === 'email' ? 'e-mail address' : 'DNS name'}`
		);
	for (const name of names) {
		if (name.type !== type)
			invalid(field, `the product carries only ${type} names, not ${name.type}`);
		if (!(type === 'email' ? EMAIL : DNS).test(name.value) || name.value.length > 253)
			invalid(field, `not a valid ${type} name: ${name.value}`);
	}
}
