/**
 * The operator API's create-order body, checked field by field into the operator module's input:
 * the same fields as `order:create`, in camelCase. Each wrong field is a 400 naming it; what the
 * fields mean together (a product's rules, a valid name) is the operator module's to refuse.
 */
import { KEY_ALGORITHMS, type KeyAlgorithmName } from '../../src/lib/domain/key-algorithms.ts';
import type { SubjectAltName } from '../../src/lib/domain/subject-alt-names.ts';
import type { SubjectAttribute } from '../../src/lib/domain/subject-attributes.ts';
import { MAIL_LOCALES, isMailLocale, type MailLocale } from '../mail/locales.ts';
import type { OrderInput } from '../orders/operator.ts';
import { Refusal } from '../problems.ts';
import type { Delivery } from '../store/types.ts';

const TEXT_MAX = 256;
const PASSWORD_MAX = 1024;
const NAMES_MAX = 100;

/** Field, in the order X.500 names are written (most significant first), and subject type. */
const SUBJECT_FIELDS = [
	['country', 'C'],
	['state', 'ST'],
	['locality', 'L'],
	['organization', 'O'],
	['organizationalUnit', 'OU'],
	['organizationIdentifier', 'organizationIdentifier'],
	['serialNumber', 'serialNumber'],
	['commonName', 'CN']
] as const satisfies readonly (readonly [string, SubjectAttribute['type']])[];

const OTHER_FIELDS = [
	'email',
	'productId',
	'subjectAltNames',
	'keyAllowed',
	'keyRecommended',
	'passwordPolicyId',
	'agreementVersion',
	'validityMonths',
	'deadlineDays',
	'contact',
	'issuanceDelaySeconds',
	'pickupPassword',
	'locale',
	'delivery'
] as const;

const KNOWN: ReadonlySet<string> = new Set([
	...SUBJECT_FIELDS.map(([field]) => field),
	...OTHER_FIELDS
]);

export function orderInputFrom(body: unknown): OrderInput {
	const record = objectBody(body, KNOWN);
	const subject: SubjectAttribute[] = [];
	for (const [field, type] of SUBJECT_FIELDS) {
		const value = text(record, field, TEXT_MAX);
		if (value !== undefined) subject.push({ type, value });
	}
	if (!subject.some((attribute) => attribute.type === 'CN'))
		throw bad('commonName', '"commonName" is required.');
	const productId = text(record, 'productId', 64) ?? 'personal-sign-pro';
	const email = text(record, 'email', 254);
	// As `order:create --email`: a personal certificate carries the address in its subject too.
	if (productId === 'personal-sign-pro' && email !== undefined)
		subject.push({ type: 'emailAddress', value: email });
	return {
		productId,
		subject,
		subjectAltNames: names(record),
		keyAllowed: keys(record, 'keyAllowed'),
		keyRecommended: keys(record, 'keyRecommended')?.[0],
		passwordPolicyId: text(record, 'passwordPolicyId', 64),
		agreementVersion: text(record, 'agreementVersion', 64),
		validityMonths: integer(record, 'validityMonths'),
		deadlineDays: integer(record, 'deadlineDays'),
		contact: text(record, 'contact', TEXT_MAX),
		issuanceDelaySeconds: integer(record, 'issuanceDelaySeconds'),
		pickupPassword: text(record, 'pickupPassword', PASSWORD_MAX),
		notifyEmail: email,
		locale: localeOf(record),
		// The API's callers mostly want the server to send the e-mail, unlike the CLI's.
		delivery: deliveryOf(record) ?? 'email'
	};
}

export function localeOf(record: Record<string, unknown>): MailLocale | undefined {
	const locale = text(record, 'locale', 8);
	if (locale !== undefined && !isMailLocale(locale))
		throw bad('locale', `"locale" must be one of ${MAIL_LOCALES.join(', ')}.`);
	return locale;
}

export function deliveryOf(record: Record<string, unknown>): Delivery | undefined {
	const delivery = text(record, 'delivery', 8);
	if (delivery !== undefined && delivery !== 'email' && delivery !== 'link')
		throw bad('delivery', '"delivery" must be "email" or "link".');
	return delivery;
}

/** A JSON object with none but the `known` fields. */
export function objectBody(body: unknown, known: ReadonlySet<string>): Record<string, unknown> {
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		throw new Refusal('body_invalid', 'The body must be a JSON object.');
	for (const key of Object.keys(body)) {
		if (!known.has(key)) throw bad(key.slice(0, 64), `Unknown field "${key.slice(0, 64)}".`);
	}
	return body as Record<string, unknown>;
}

export function text(
	record: Record<string, unknown>,
	field: string,
	max: number
): string | undefined {
	const value = record[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string' || value.trim() === '')
		throw bad(field, `"${field}" must be a non-empty string.`);
	if (value.length > max) throw bad(field, `"${field}" is longer than ${max} characters.`);
	return value;
}

export function integer(record: Record<string, unknown>, field: string): number | undefined {
	const value = record[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
		throw bad(field, `"${field}" must be a whole number of 0 or more.`);
	return value;
}

function names(record: Record<string, unknown>): SubjectAltName[] | undefined {
	const value = record.subjectAltNames;
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value) || value.length === 0 || value.length > NAMES_MAX)
		throw bad('subjectAltNames', `"subjectAltNames" must be a list of 1 to ${NAMES_MAX} names.`);
	return value.map((name: unknown) => {
		const entry = name as Partial<SubjectAltName> | null;
		if (
			typeof entry !== 'object' ||
			entry === null ||
			(entry.type !== 'dns' && entry.type !== 'email') ||
			typeof entry.value !== 'string' ||
			Object.keys(entry).length !== 2
		)
			throw bad(
				'subjectAltNames',
				'Each of "subjectAltNames" must be {"type": "dns" or "email", "value": "..."}.'
			);
		return { type: entry.type, value: entry.value };
	});
}

function keys(record: Record<string, unknown>, field: string): KeyAlgorithmName[] | undefined {
	const value = record[field];
	if (value === undefined || value === null) return undefined;
	const list = field === 'keyAllowed' ? value : [value];
	if (
		!Array.isArray(list) ||
		list.length === 0 ||
		list.some((name) => !KEY_ALGORITHMS.includes(name as KeyAlgorithmName))
	)
		throw bad(field, `"${field}" must name keys among ${KEY_ALGORITHMS.join(', ')}.`);
	return list as KeyAlgorithmName[];
}

function bad(field: string, message: string): Refusal {
	return new Refusal('body_invalid', message, { field });
}
