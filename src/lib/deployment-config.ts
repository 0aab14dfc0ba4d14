import { locales, type Locale } from './paraglide/runtime.js';

/**
 * The deployment configuration, read at start-up from `config.json` beside the app, so one build
 * serves any CA (docs/deployment.md). Nothing in it comes from the URL a visitor can change.
 */
export interface DeploymentConfig {
	/** Origin (and optional path) of the pickup API; defaults to the app's own origin. */
	apiBaseUrl: string;
	/** A shared, staff-supervised computer at an office; null for an applicant's own device. */
	kiosk: KioskConfig | null;
}

export interface KioskConfig {
	/** Shown on every screen, so the applicant knows whose kiosk this is. */
	officeName: string;
	/** Without activity for this long, the session ends and everything of the applicant is wiped. */
	idleTimeoutSeconds: number;
	/** The last seconds of the idle time, counted down on screen before the wipe. */
	warningSeconds: number;
	/** Offered in this order; the first is the one each new session starts in. */
	languages: [Locale, ...Locale[]];
}

export type ConfigProblem = 'config_missing' | 'config_malformed';

export class DeploymentConfigError extends Error {
	readonly code: ConfigProblem;

	constructor(code: ConfigProblem, message: string) {
		super(message);
		this.name = 'DeploymentConfigError';
		this.code = code;
	}
}

export function parseDeploymentConfig(value: unknown, appOrigin: string): DeploymentConfig {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new DeploymentConfigError('config_malformed', 'config.json is not a JSON object');
	}
	const { apiBaseUrl = appOrigin, kiosk = null } = value as {
		apiBaseUrl?: unknown;
		kiosk?: unknown;
	};
	if (typeof apiBaseUrl !== 'string') {
		throw new DeploymentConfigError('config_malformed', 'apiBaseUrl must be a string');
	}
	let url: URL;
	try {
		url = new URL(apiBaseUrl, appOrigin);
	} catch {
		throw new DeploymentConfigError('config_malformed', `apiBaseUrl is not a URL: ${apiBaseUrl}`);
	}
	const local =
		url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
		throw new DeploymentConfigError(
			'config_malformed',
			'apiBaseUrl must use https (http only on loopback)'
		);
	}
	if (url.search || url.hash || url.username || url.password) {
		throw new DeploymentConfigError(
			'config_malformed',
			'apiBaseUrl must not carry a query, fragment or credentials'
		);
	}
	return {
		apiBaseUrl: url.href.replace(/\/+$/, ''),
		kiosk: kiosk === null ? null : parseKiosk(kiosk)
	};
}

function parseKiosk(value: unknown): KioskConfig {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new DeploymentConfigError('config_malformed', 'kiosk must be an object or null');
	}
	const {
		officeName,
		idleTimeoutSeconds = 180,
		warningSeconds = 30,
		languages = [...locales]
	} = value as Record<string, unknown>;
	if (typeof officeName !== 'string' || officeName.trim() === '') {
		throw new DeploymentConfigError(
			'config_malformed',
			'kiosk.officeName must be a non-empty string'
		);
	}
	const idle = wholeSeconds('kiosk.idleTimeoutSeconds', idleTimeoutSeconds, 10, 3600);
	const warning = wholeSeconds('kiosk.warningSeconds', warningSeconds, 5, 120);
	if (warning >= idle) {
		throw new DeploymentConfigError(
			'config_malformed',
			'kiosk.warningSeconds must be less than kiosk.idleTimeoutSeconds'
		);
	}
	return {
		officeName: officeName.trim(),
		idleTimeoutSeconds: idle,
		warningSeconds: warning,
		languages: kioskLanguages(languages)
	};
}

function wholeSeconds(name: string, value: unknown, min: number, max: number): number {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
		throw new DeploymentConfigError(
			'config_malformed',
			`${name} must be a whole number of seconds from ${min} to ${max}`
		);
	}
	return value;
}

function kioskLanguages(value: unknown): [Locale, ...Locale[]] {
	const known: readonly string[] = locales;
	if (
		!Array.isArray(value) ||
		value.length === 0 ||
		!value.every((locale) => typeof locale === 'string' && known.includes(locale))
	) {
		throw new DeploymentConfigError(
			'config_malformed',
			`kiosk.languages must be a non-empty list drawn from ${locales.join(', ')}`
		);
	}
	if (new Set(value).size !== value.length) {
		throw new DeploymentConfigError('config_malformed', 'kiosk.languages lists a language twice');
	}
	return value as [Locale, ...Locale[]];
}

export async function loadDeploymentConfig(
	appOrigin: string,
	fetchImpl: typeof fetch = (...args) => fetch(...args)
): Promise<DeploymentConfig> {
	let response: Response;
	try {
		response = await fetchImpl(new URL('/config.json', appOrigin), {
			cache: 'no-store',
			credentials: 'omit'
		});
	} catch (cause) {
		throw new DeploymentConfigError(
			'config_missing',
			`config.json could not be fetched: ${String(cause)}`
		);
	}
	if (!response.ok)
		throw new DeploymentConfigError(
			'config_missing',
			`config.json answered HTTP ${response.status}`
		);
	let json: unknown;
	try {
		json = await response.json();
	} catch {
		throw new DeploymentConfigError('config_malformed', 'config.json is not valid JSON');
	}
	return parseDeploymentConfig(json, appOrigin);
}
