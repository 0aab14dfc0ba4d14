/**
 * Server configuration: an optional JSON file (CONFIG_FILE) overlaid by environment variables, so
 * a deployment can keep its settings in one reviewed file and a test or container can override one
 * value without writing files. Every setting is documented in server/README.md.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface ScryptParams {
	/** log2 of the CPU/memory cost N. */
	log2N: number;
	r: number;
	p: number;
}

export interface CfsslSettings {
	/** Base URL of `cfssl serve`, e.g. http://127.0.0.1:8888 */
	url: string;
	/** The auth key as CFSSL's configuration holds it: hexadecimal, in a file readable by the server only. */
	authKeyFile: string;
	/** PEM: the certificate CFSSL signs with, then those above it up to the root. */
	chainFile: string;
	/** What the applicant is told to wait when CFSSL cannot be reached. */
	retryAfterSeconds: number;
	timeoutMs: number;
}

export interface MailSettings {
	/** smtp:// or smtps://, with user and password; absent, each e-mail is written as an .eml file. */
	smtpUrl?: string;
	/** The From address, e.g. `"Example CA" <pickup@example.org>`. */
	from: string;
	/** Signs every message (RFC 6376) when set. */
	dkim?: { domainName: string; keySelector: string; privateKey: string };
	/** Where e-mails go without SMTP_URL: DATA_DIR/mail. */
	fileDir: string;
}

export interface WebhookSettings {
	url: string;
	/** `whsec_` and base64, as the Standard Webhooks spec writes a signing secret. */
	secret: string;
	timeoutMs: number;
}

export interface OutboxSettings {
	/** How often each instance looks for e-mails and events that are due. */
	pollMs: number;
	/** The first retry's delay; each further one doubles it. */
	retryBaseMs: number;
	/** Attempts before an e-mail or event is given up as failed. */
	maxAttempts: number;
}

export interface CaFiles {
	/** PEM certificate of the issuing (intermediate) CA. */
	certFile: string;
	/** PKCS#8 PEM private key of the issuing CA. */
	keyFile: string;
	/** PEM certificates above the issuing CA, up to and including the root. */
	chainFile: string;
}

export interface Config {
	host: string;
	port: number;
	dataDir: string;
	/** postgres://... puts the orders in PostgreSQL, shared by several instances; else SQLite in dataDir. */
	databaseUrl?: string;
	buildDir: string;
	/** Origin the emailed links point at; defaults to the server's own address. */
	publicUrl: string;
	/** Origins allowed to call the API from a browser (the app on a CDN); empty means same origin only. */
	corsOrigins: string[];
	/** Extra origins the served app may connect to (connect-src). */
	apiOrigins: string[];
	/** Take the client address from X-Forwarded-For (only behind a trusted reverse proxy). */
	trustProxy: boolean;
	contact: string;
	sessionTtlSeconds: number;
	maxPickupAttempts: number;
	rateLimit: { perAddressPerMinute: number; perOrderPerMinute: number };
	/** Seconds between accepting a request and issuing: 0 issues at once; per product in `products`. */
	issuanceDelaySeconds: number;
	products: Record<string, { issuanceDelaySeconds?: number }>;
	scrypt: ScryptParams;
	ca: {
		/** Load an existing CA instead of creating one in DATA_DIR/ca. */
		files?: CaFiles;
		name: string;
		issuerUrl?: string;
		ocspUrl?: string;
		crlUrl?: string;
	};
	/** Issue through CFSSL instead of the built-in CA. */
	cfssl?: CfsslSettings;
	bodyLimitBytes: number;
	mail: MailSettings;
	/** Events to the CA's order system; none when unset. */
	webhook?: WebhookSettings;
	outbox: OutboxSettings;
	/** pino's level for the JSON log on stdout. */
	logLevel: string;
	/** Wrong operator API keys, and refused console sign-ins, one client address may send per minute. */
	operatorAuthFailuresPerMinute: number;
	console: ConsoleSettings;
}

export interface ConsoleSettings {
	/** A console session ends after this long without a request. */
	sessionIdleSeconds: number;
	/** ... and this long after sign-in, whatever happens. */
	sessionMaxSeconds: number;
}

/** A setting or a file it names that the server cannot start with: one line for the operator. */
export class ConfigurationError extends Error {
	override name = 'ConfigurationError';
}

type Env = Record<string, string | undefined>;

export const DEFAULT_SCRYPT: ScryptParams = { log2N: 13, r: 8, p: 1 };

export function loadConfig(env: Env = process.env): Config {
	const file = env.CONFIG_FILE ? readConfigFile(env.CONFIG_FILE) : {};
	const host = env.HOST ?? str(file.host) ?? '127.0.0.1';
	const port = int(env.PORT, 'PORT') ?? int(file.port, 'port') ?? 8080;
	const ca = record(file.ca);
	const rate = record(file.rateLimit);
	const scrypt = record(file.scrypt);
	const cfssl = record(file.cfssl);
	const cfsslUrl = env.CFSSL_URL ?? str(cfssl.url);
	const caFiles = env.CA_CERT_FILE ?? str(ca.certFile);
	const outbox = record(file.outbox);
	const dataDir = resolve(env.DATA_DIR ?? str(file.dataDir) ?? 'data');
	const caName = env.CA_NAME ?? str(ca.name) ?? 'Cert Pickup Reference CA';
	const publicUrl = trimSlash(
		env.PUBLIC_URL ?? str(file.publicUrl) ?? `http://${hostForUrl(host)}:${port}`
	);
	const config: Config = {
		host,
		port,
		dataDir,
		databaseUrl: env.DATABASE_URL || str(file.databaseUrl),
		buildDir: resolve(env.BUILD_DIR ?? str(file.buildDir) ?? 'build'),
		publicUrl,
		corsOrigins: list(env.CORS_ORIGINS) ?? strings(file.corsOrigins) ?? [],
		apiOrigins: list(env.API_ORIGINS) ?? strings(file.apiOrigins) ?? [],
		trustProxy: bool(env.TRUST_PROXY) ?? file.trustProxy === true,
		contact: env.CONTACT ?? str(file.contact) ?? "your certificate authority's support desk",
		sessionTtlSeconds:
			int(env.SESSION_TTL_SECONDS, 'SESSION_TTL_SECONDS') ??
			int(file.sessionTtlSeconds, 'sessionTtlSeconds') ??
			1800,
		maxPickupAttempts: int(file.maxPickupAttempts, 'maxPickupAttempts') ?? 5,
		rateLimit: {
			perAddressPerMinute:
				int(env.RATE_LIMIT_ADDRESS_PER_MINUTE, 'RATE_LIMIT_ADDRESS_PER_MINUTE') ??
				int(rate.perAddressPerMinute, 'rateLimit.perAddressPerMinute') ??
				120,
			perOrderPerMinute:
				int(env.RATE_LIMIT_ORDER_PER_MINUTE, 'RATE_LIMIT_ORDER_PER_MINUTE') ??
				int(rate.perOrderPerMinute, 'rateLimit.perOrderPerMinute') ??
				60
		},
		issuanceDelaySeconds:
			int(env.ISSUANCE_DELAY_SECONDS, 'ISSUANCE_DELAY_SECONDS') ??
			int(file.issuanceDelaySeconds, 'issuanceDelaySeconds') ??
			0,
		products: productSettings(file.products),
		scrypt: {
			log2N:
				int(env.SCRYPT_LOG2_N, 'SCRYPT_LOG2_N') ??
				int(scrypt.log2N, 'scrypt.log2N') ??
				DEFAULT_SCRYPT.log2N,
			r: int(scrypt.r, 'scrypt.r') ?? DEFAULT_SCRYPT.r,
			p: int(scrypt.p, 'scrypt.p') ?? DEFAULT_SCRYPT.p
		},
		ca: {
			files: caFiles
				? {
						certFile: caFiles,
						keyFile: requiredFor(env.CA_KEY_FILE ?? str(ca.keyFile), 'CA_KEY_FILE', 'CA_CERT_FILE'),
						chainFile: requiredFor(
							env.CA_CHAIN_FILE ?? str(ca.chainFile),
							'CA_CHAIN_FILE',
							'CA_CERT_FILE'
						)
					}
				: undefined,
			name: caName,
			issuerUrl: env.CA_ISSUER_URL ?? str(ca.issuerUrl),
			ocspUrl: env.CA_OCSP_URL ?? str(ca.ocspUrl),
			crlUrl: env.CA_CRL_URL ?? str(ca.crlUrl)
		},
		cfssl: cfsslUrl
			? {
					url: cfsslUrl,
					authKeyFile: requiredFor(
						env.CFSSL_AUTH_KEY_FILE ?? str(cfssl.authKeyFile),
						'CFSSL_AUTH_KEY_FILE',
						'CFSSL_URL'
					),
					chainFile: requiredFor(
						env.CFSSL_CHAIN_FILE ?? str(cfssl.chainFile),
						'CFSSL_CHAIN_FILE',
						'CFSSL_URL'
					),
					retryAfterSeconds:
						int(env.CFSSL_RETRY_AFTER_SECONDS, 'CFSSL_RETRY_AFTER_SECONDS') ??
						int(cfssl.retryAfterSeconds, 'cfssl.retryAfterSeconds') ??
						30,
					timeoutMs: int(cfssl.timeoutMs, 'cfssl.timeoutMs') ?? 10_000
				}
			: undefined,
		bodyLimitBytes: int(file.bodyLimitBytes, 'bodyLimitBytes') ?? 64 * 1024,
		mail: mailSettings(env, record(file.mail), dataDir, caName, publicUrl),
		webhook: webhookSettings(env, record(file.webhook)),
		outbox: {
			pollMs:
				int(env.OUTBOX_POLL_MS, 'OUTBOX_POLL_MS') ?? int(outbox.pollMs, 'outbox.pollMs') ?? 1000,
			retryBaseMs:
				int(env.OUTBOX_RETRY_BASE_MS, 'OUTBOX_RETRY_BASE_MS') ??
				int(outbox.retryBaseMs, 'outbox.retryBaseMs') ??
				30_000,
			maxAttempts:
				int(env.OUTBOX_MAX_ATTEMPTS, 'OUTBOX_MAX_ATTEMPTS') ??
				int(outbox.maxAttempts, 'outbox.maxAttempts') ??
				10
		},
		logLevel: env.LOG_LEVEL ?? str(file.logLevel) ?? 'info',
		operatorAuthFailuresPerMinute:
			int(env.OPERATOR_AUTH_FAILURES_PER_MINUTE, 'OPERATOR_AUTH_FAILURES_PER_MINUTE') ??
			int(file.operatorAuthFailuresPerMinute, 'operatorAuthFailuresPerMinute') ??
			10,
		console: consoleSettings(env, record(file.console))
	};
	if (config.outbox.maxAttempts < 1)
		throw new ConfigurationError('OUTBOX_MAX_ATTEMPTS must be at least 1');
	if (config.scrypt.log2N < 10 || config.scrypt.log2N > 20)
		throw new Error('scrypt log2N must be between 10 and 20');
	if (config.maxPickupAttempts < 1) throw new Error('maxPickupAttempts must be at least 1');
	return config;
}

/** The effective issuance delay for a product: its own setting, else the global one. */
export function issuanceDelayFor(config: Config, productId: string): number {
	return config.products[productId]?.issuanceDelaySeconds ?? config.issuanceDelaySeconds;
}

function mailSettings(
	env: Env,
	file: Record<string, unknown>,
	dataDir: string,
	caName: string,
	publicUrl: string
): MailSettings {
	const smtpUrl = env.SMTP_URL || str(file.smtpUrl);
	if (smtpUrl !== undefined && !/^smtps?:\/\/[^/\s]+/.test(smtpUrl))
		throw new ConfigurationError(
			'SMTP_URL must be smtp://[user:password@]host[:port] or smtps://...'
		);
	const from =
		env.MAIL_FROM ?? str(file.from) ?? `"${caName}" <pickup@${new URL(publicUrl).hostname}>`;
	if (!/^[^\s@<>]+@[^\s@<>]+$|<[^\s@<>]+@[^\s@<>]+>$/.test(from.trim()))
		throw new ConfigurationError(`MAIL_FROM is not an e-mail address: ${from}`);
	const dkim = record(file.dkim);
	const domainName = env.DKIM_DOMAIN ?? str(dkim.domainName);
	const keySelector = env.DKIM_SELECTOR ?? str(dkim.keySelector);
	const keyFile = env.DKIM_PRIVATE_KEY_FILE ?? str(dkim.privateKeyFile);
	const dkimParts = [domainName, keySelector, keyFile].filter((part) => part !== undefined);
	if (dkimParts.length > 0 && dkimParts.length < 3)
		throw new ConfigurationError(
			'DKIM needs all of DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE'
		);
	return {
		smtpUrl,
		from,
		dkim:
			domainName && keySelector && keyFile
				? { domainName, keySelector, privateKey: readSetting(keyFile, 'DKIM_PRIVATE_KEY_FILE') }
				: undefined,
		fileDir: resolve(dataDir, 'mail')
	};
}

function consoleSettings(env: Env, file: Record<string, unknown>): ConsoleSettings {
	const settings = {
		sessionIdleSeconds: positive(
			env.CONSOLE_SESSION_IDLE_SECONDS ?? file.sessionIdleSeconds,
			'CONSOLE_SESSION_IDLE_SECONDS',
			1800
		),
		sessionMaxSeconds: positive(
			env.CONSOLE_SESSION_MAX_SECONDS ?? file.sessionMaxSeconds,
			'CONSOLE_SESSION_MAX_SECONDS',
			43_200
		)
	};
	if (settings.sessionIdleSeconds > settings.sessionMaxSeconds)
		throw new ConfigurationError(
			`CONSOLE_SESSION_IDLE_SECONDS (${settings.sessionIdleSeconds}) must not exceed CONSOLE_SESSION_MAX_SECONDS (${settings.sessionMaxSeconds})`
		);
	return settings;
}

/** A whole number of seconds, at least 1: a session limit of 0 would sign everyone out at once. */
function positive(value: unknown, name: string, fallback: number): number {
	if (value === undefined || value === '') return fallback;
	const number =
		typeof value === 'number' ? value : /^\d+$/.test(String(value)) ? Number(value) : NaN;
	if (!Number.isSafeInteger(number) || number < 1)
		throw new ConfigurationError(`${name} must be a whole number of seconds, at least 1`);
	return number;
}

function webhookSettings(env: Env, file: Record<string, unknown>): WebhookSettings | undefined {
	const url = env.WEBHOOK_URL || str(file.url);
	const secret = env.WEBHOOK_SECRET || str(file.secret);
	if (url === undefined && secret === undefined) return undefined;
	if (url === undefined || secret === undefined)
		throw new ConfigurationError('webhooks need both WEBHOOK_URL and WEBHOOK_SECRET');
	if (!/^https?:\/\/[^/\s]+/.test(url))
		throw new ConfigurationError(`WEBHOOK_URL must be an http:// or https:// URL: ${url}`);
	const key = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret)?.[1];
	if (!key || Buffer.from(key, 'base64').length < 24)
		throw new ConfigurationError(
			'WEBHOOK_SECRET must be whsec_ followed by at least 24 random bytes in base64'
		);
	return { url, secret, timeoutMs: int(file.timeoutMs, 'webhook.timeoutMs') ?? 10_000 };
}

function readSetting(path: string, name: string): string {
	try {
		return readFileSync(path, 'utf8');
	} catch (error) {
		throw new ConfigurationError(`${name}: cannot read ${path} (${(error as Error).message})`);
	}
}

function readConfigFile(path: string): Record<string, unknown> {
	const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
	if (!isRecord(parsed)) throw new Error(`${path}: the configuration must be a JSON object`);
	return parsed;
}

function productSettings(value: unknown): Config['products'] {
	const products: Config['products'] = {};
	for (const [id, settings] of Object.entries(record(value))) {
		products[id] = {
			issuanceDelaySeconds: int(
				record(settings).issuanceDelaySeconds,
				`products.${id}.issuanceDelaySeconds`
			)
		};
	}
	return products;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown): Record<string, unknown> {
	return isRecord(value) ? value : {};
}

function str(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

function strings(value: unknown): string[] | undefined {
	return Array.isArray(value)
		? value.filter((item): item is string => typeof item === 'string')
		: undefined;
}

function list(value: string | undefined): string[] | undefined {
	return value === undefined
		? undefined
		: value
				.split(',')
				.map((item) => item.trim())
				.filter(Boolean);
}

function bool(value: string | undefined): boolean | undefined {
	return value === undefined ? undefined : value === '1' || value === 'true';
}

function int(value: unknown, name: string): number | undefined {
	if (value === undefined || value === '') return undefined;
	const number =
		typeof value === 'number' ? value : /^\d+$/.test(String(value)) ? Number(value) : NaN;
	if (!Number.isSafeInteger(number) || number < 0)
		throw new Error(`${name} must be a non-negative integer`);
	return number;
}

function requiredFor(value: string | undefined, name: string, setting: string): string {
	if (!value) throw new Error(`${name} is required when ${setting} is set`);
	return value;
}

function trimSlash(url: string): string {
	return url.replace(/\/+$/, '');
}

function hostForUrl(host: string): string {
	if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
	return host.includes(':') ? `[${host}]` : host;
}
