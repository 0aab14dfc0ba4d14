/**
 * Operator commands: `npm run order:<command> -- [options]` (see server/README.md). Works next to
 * running servers on the same store: SQLite in WAL mode in DATA_DIR, or DATABASE_URL's PostgreSQL.
 */
import 'reflect-metadata';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { KeyAlgorithmName } from '../src/lib/domain/key-algorithms.ts';
import { isOrderStatus, ORDER_STATUSES } from '../src/lib/domain/order-statuses.ts';
import type { SubjectAltName } from '../src/lib/domain/subject-alt-names.ts';
import type { SubjectAttribute } from '../src/lib/domain/subject-attributes.ts';
import { ConfigurationError, loadConfig, type Config } from './config.ts';
import { loadIssuer } from './issuers/configured.ts';
import { createApiKey, revokeApiKey } from './access/api-keys.ts';
import { createInvite, isPersonRole, PERSON_ROLES } from './access/invites.ts';
import { isMailLocale, MAIL_LOCALES, type MailLocale } from './mail/locales.ts';
import { orderDetails, orderOverview } from './orders/operator-view.ts';
import {
	cancelOrder,
	createOrder,
	expireDueOrders,
	reissueOrder,
	resendOrder,
	unlockOrder,
	type CreatedOrder,
	type OperatorDeps
} from './orders/operator.ts';
import { openStore } from './store/open.ts';
import { Refusal } from './problems.ts';
import type { PersonRole } from './store/console-types.ts';
import type { Delivery, Order, OrderStore } from './store/types.ts';

const USAGE = `usage: tsx server/cli.ts <command> [options]
  create      --cn NAME [--email ADDRESS] [--org O] [--org-unit OU] [--org-id ID] [--country CC]
              [--state ST] [--locality L] [--serial-number SN] [--dns NAME]... [--product ID]
              [--keys RSA-2048,P-256,...] [--recommended-key ALG] [--password-policy ID]
              [--agreement VERSION] [--validity-months N] [--deadline-days N] [--contact TEXT]
              [--issuance-delay SECONDS] [--pickup-password PASSWORD]
              [--delivery link|email] [--locale en|nl|fr|de|pt] [--json]
  list        [--status STATUS] [--limit N] [--json]
  show        ORDER_ID [--json]
  cancel      ORDER_ID [--reason TEXT]
  unlock      ORDER_ID [--reason TEXT]
  reissue     ORDER_ID [--pickup-password PASSWORD] [--deadline-days N] [--validity-months N] [--json]
  resend      ORDER_ID [--json]   (a new link; the old one stops working; e-mailed again)
  expire-due  [--json]
  ca-chain    (prints the issuing CA's certificate and the root, PEM)
  key create  --name NAME [--scope read|write] [--json]   (an operator API key, shown once)
  key list    [--json]
  key revoke  KEY_ID
  invite      --name NAME --role office|admin [--json]   (a one-time console link, 24 hours)`;

const OPTIONS = {
	json: { type: 'boolean' },
	cn: { type: 'string' },
	email: { type: 'string' },
	org: { type: 'string' },
	'org-unit': { type: 'string' },
	'org-id': { type: 'string' },
	country: { type: 'string' },
	state: { type: 'string' },
	locality: { type: 'string' },
	'serial-number': { type: 'string' },
	dns: { type: 'string', multiple: true },
	product: { type: 'string' },
	keys: { type: 'string' },
	'recommended-key': { type: 'string' },
	'password-policy': { type: 'string' },
	agreement: { type: 'string' },
	'validity-months': { type: 'string' },
	'deadline-days': { type: 'string' },
	contact: { type: 'string' },
	'issuance-delay': { type: 'string' },
	'pickup-password': { type: 'string' },
	status: { type: 'string' },
	limit: { type: 'string' },
	reason: { type: 'string' },
	delivery: { type: 'string' },
	locale: { type: 'string' },
	name: { type: 'string' },
	scope: { type: 'string' },
	role: { type: 'string' },
	help: { type: 'boolean', short: 'h' }
} as const;

type Options = ReturnType<
	typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>['values'];

async function main(argv: string[]): Promise<void> {
	// Files the CLI creates (a new database, a new CA) are as private as the server's.
	process.umask(0o077);
	const { values, positionals } = parseArgs({
		args: argv,
		options: OPTIONS,
		allowPositionals: true,
		strict: true
	});
	const [command, orderId, keyId] = positionals;
	if (values.help || !command) return void console.log(USAGE);
	const config = loadConfig();
	const invitee = command === 'invite' ? inviteeOf(values) : undefined;
	if (command === 'ca-chain') return void process.stdout.write((await loadIssuer(config)).chainPem);
	const store = await openStore(config);
	try {
		if (command === 'key') return await runKey(orderId, keyId, values, store);
		if (invitee) return await runInvite(invitee, values, store, config);
		await run(command, orderId, values, {
			store,
			config,
			operatorName: userInfo().username,
			via: 'cli'
		});
	} finally {
		await store.close();
	}
}

async function run(
	command: string,
	orderId: string | undefined,
	values: Options,
	deps: OperatorDeps
): Promise<void> {
	const id = (): string => orderId ?? fail(`${command} needs an order id`);
	switch (command) {
		case 'create':
			return printCreated(await createOrder(deps, orderInput(values)), values.json === true);
		case 'list': {
			const orders = await deps.store.listOrders({
				status: orderStatus(values.status),
				limit: integer(values.limit) ?? 100
			});
			if (values.json) return print(orders.map(overview));
			for (const order of orders)
				console.log(
					[
						order.id,
						order.status.padEnd(16),
						order.productId.padEnd(18),
						order.pickupDeadline,
						orderOverview(order).commonName
					].join('  ')
				);
			return;
		}
		case 'show': {
			const order = (await deps.store.findOrder(id())) ?? fail(`no order ${id()}`);
			const shown = await orderDetails(deps.store, order);
			return values.json ? print(shown) : console.log(JSON.stringify(shown, null, 2));
		}
		case 'resend': {
			const { order, link } = await resendOrder(deps, id());
			if (values.json) return print({ ...overview(order), link });
			console.log(`order ${order.id} has a new link; the old one no longer opens it`);
			console.log(`pickup link:     ${link}`);
			if (order.delivery === 'email')
				console.log(`the pickup e-mail is queued to ${order.notifyEmail}`);
			return;
		}
		case 'cancel':
			return report(await cancelOrder(deps, id(), values.reason ?? 'cancelled by operator'));
		case 'unlock':
			return report(await unlockOrder(deps, id(), values.reason));
		case 'reissue': {
			const created = await reissueOrder(deps, id(), {
				pickupPassword: values['pickup-password'],
				deadlineDays: integer(values['deadline-days']),
				validityMonths: integer(values['validity-months']),
				delivery: delivery(values.delivery),
				locale: locale(values.locale)
			});
			return printCreated(created, values.json === true);
		}
		case 'expire-due': {
			const expired = await expireDueOrders(deps);
			return values.json
				? print({ expired })
				: console.log(
						`expired ${expired.length} order(s)${expired.length ? ': ' + expired.join(', ') : ''}`
					);
		}
		default:
			fail(`unknown command "${command}"\n${USAGE}`);
	}
}

async function runKey(
	action: string | undefined,
	keyId: string | undefined,
	values: Options,
	store: OrderStore
): Promise<void> {
	switch (action) {
		case 'create': {
			const scope = values.scope ?? 'read';
			if (scope !== 'read' && scope !== 'write')
				fail(`--scope must be read or write, not "${scope}"`);
			const created = await createApiKey(
				store,
				values.name ?? fail('key create needs --name'),
				scope,
				new Date(),
				{ by: userInfo().username, via: 'cli' }
			);
			if (values.json) return print(created);
			console.log(`API key ${created.id} (${scope}): ${created.key}`);
			console.log('It is shown only now: the server keeps only its hash.');
			return;
		}
		case 'list': {
			const keys = (await store.listApiKeys()).map(({ secretSha256: _secret, ...key }) => key);
			if (values.json) return print(keys);
			for (const key of keys)
				console.log(
					[
						key.id,
						key.scope.padEnd(5),
						key.revokedAt ? `revoked ${key.revokedAt}` : 'live',
						key.name
					].join('  ')
				);
			return;
		}
		case 'revoke':
			await revokeApiKey(store, keyId ?? fail('key revoke needs a key id'), new Date(), {
				by: userInfo().username,
				via: 'cli'
			});
			return void console.log(`API key ${keyId} is revoked`);
		default:
			fail(`unknown key command "${action ?? ''}": create, list or revoke`);
	}
}

function inviteeOf(values: Options): { name: string; role: PersonRole } {
	const name = values.name ?? fail('invite needs --name');
	const role = values.role ?? fail(`invite needs --role ${PERSON_ROLES.join('|')}`);
	if (!isPersonRole(role)) fail(`--role must be ${PERSON_ROLES.join(' or ')}, not "${role}"`);
	return { name, role };
}

/** An invitation to the console for a new person, made by whoever runs the command. */
async function runInvite(
	invitee: { name: string; role: PersonRole },
	values: Options,
	store: OrderStore,
	config: Config
): Promise<void> {
	const invite = await createInvite(
		store,
		config,
		invitee,
		{ by: userInfo().username, via: 'cli' },
		new Date()
	);
	if (values.json) return print({ link: invite.link, expiresAt: invite.expiresAt });
	console.log(
		`console invitation for ${invitee.name} (${invitee.role}), valid until ${invite.expiresAt}:`
	);
	console.log(invite.link);
	console.log('It registers one passkey, once; it is shown only now.');
}

function delivery(value: string | undefined): Delivery | undefined {
	if (value === undefined || value === 'email' || value === 'link') return value;
	return fail(`--delivery must be email or link, not "${value}"`);
}

function locale(value: string | undefined): MailLocale | undefined {
	if (value === undefined || isMailLocale(value)) return value;
	return fail(`--locale must be one of ${MAIL_LOCALES.join(', ')}, not "${value}"`);
}

function orderStatus(value: string | undefined) {
	if (value === undefined || isOrderStatus(value)) return value;
	return fail(`unknown status "${value}": one of ${ORDER_STATUSES.join(', ')}`);
}

function orderInput(values: Options) {
	const subject: SubjectAttribute[] = [];
	const add = (type: SubjectAttribute['type'], value: string | undefined) =>
		value && subject.push({ type, value });
	// Most significant first, as X.500 distinguished names are ordered.
	add('C', values.country);
	add('ST', values.state);
	add('L', values.locality);
	add('O', values.org);
	add('OU', values['org-unit']);
	add('organizationIdentifier', values['org-id']);
	add('serialNumber', values['serial-number']);
	add('CN', values.cn ?? fail('create needs --cn'));
	const productId = values.product ?? 'personal-sign-pro';
	if (productId === 'personal-sign-pro') add('emailAddress', values.email);
	const dns = values.dns ?? [];
	const subjectAltNames: SubjectAltName[] | undefined =
		dns.length > 0 ? dns.map((value) => ({ type: 'dns', value })) : undefined;
	const keys = values.keys?.split(',').map((key) => key.trim()) as KeyAlgorithmName[] | undefined;
	return {
		productId,
		subject,
		subjectAltNames,
		keyAllowed: keys,
		keyRecommended: values['recommended-key'] as KeyAlgorithmName | undefined,
		passwordPolicyId: values['password-policy'],
		agreementVersion: values.agreement,
		validityMonths: integer(values['validity-months']),
		deadlineDays: integer(values['deadline-days']),
		contact: values.contact,
		issuanceDelaySeconds: integer(values['issuance-delay']),
		pickupPassword: values['pickup-password'],
		notifyEmail: productId === 'personal-sign-pro' ? undefined : values.email,
		delivery: delivery(values.delivery),
		locale: locale(values.locale)
	};
}

function printCreated(created: CreatedOrder, json: boolean): void {
	const { order, link, linkSecret, pickupPassword } = created;
	if (json) return print({ ...overview(order), link, linkSecret, pickupPassword });
	console.log(`order ${order.id} created (${order.productId}, pickup by ${order.pickupDeadline})`);
	console.log(`pickup link:     ${link}`);
	console.log(`pickup password: ${pickupPassword}`);
	console.log('Both are shown only now: the server keeps only their hashes.');
}

/** The operator view's overview under the names the CLI's JSON has always used. */
function overview(order: Order) {
	const { id, productId, ...rest } = orderOverview(order);
	return { orderId: id, product: productId, ...rest };
}

function report(order: Order): void {
	console.log(`order ${order.id} is now ${order.status}`);
}

function integer(value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	if (!/^\d+$/.test(value)) fail(`not a whole number: ${value}`);
	return Number(value);
}

function print(value: unknown): void {
	process.stdout.write(JSON.stringify(value) + '\n');
}

function fail(message: string): never {
	throw new CliError(message);
}

class CliError extends Error {}

main(process.argv.slice(2)).catch((error: unknown) => {
	// Refusals (bad options, rule violations) are messages for the operator; anything else is a bug.
	const parseError =
		error instanceof TypeError &&
		String((error as { code?: string }).code).startsWith('ERR_PARSE_ARGS');
	const expected =
		parseError ||
		error instanceof CliError ||
		error instanceof Refusal ||
		error instanceof ConfigurationError ||
		(error instanceof Error && error.constructor === Error);
	console.error(expected && error instanceof Error ? `error: ${error.message}` : error);
	process.exitCode = 1;
});
