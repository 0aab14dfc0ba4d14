/**
 * The deployment configuration, read at start-up from `config.json` beside the app, so one build
 * serves any CA (docs/deployment.md). Nothing in it comes from the URL a visitor can change.
 */
export interface DeploymentConfig {
	/** Origin (and optional path) of the pickup API; defaults to the app's own origin. */
	apiBaseUrl: string;
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
	const { apiBaseUrl = appOrigin } = value as { apiBaseUrl?: unknown };
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
	return { apiBaseUrl: url.href.replace(/\/+$/, '') };
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
