import { describe, expect, it } from 'vitest';
import {
	DeploymentConfigError,
	loadDeploymentConfig,
	parseDeploymentConfig
} from '../../src/lib/deployment-config.ts';

const APP = 'https://pickup.ca.example';

async function problemOf(promise: Promise<unknown>): Promise<string> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof DeploymentConfigError) return error.code;
		throw error;
	}
	throw new Error('expected a DeploymentConfigError');
}

describe('deployment configuration', () => {
	it('defaults the API to the app origin', () => {
		expect(parseDeploymentConfig({}, APP)).toEqual({ apiBaseUrl: APP, kiosk: null });
		expect(parseDeploymentConfig({ apiBaseUrl: '/' }, APP)).toEqual({
			apiBaseUrl: APP,
			kiosk: null
		});
	});

	it('accepts an API on another https origin', () => {
		expect(parseDeploymentConfig({ apiBaseUrl: 'https://api.ca.example/enroll/' }, APP)).toEqual({
			apiBaseUrl: 'https://api.ca.example/enroll',
			kiosk: null
		});
	});

	it.each([
		['an array', []],
		['a number for the URL', { apiBaseUrl: 42 }],
		['plain http off loopback', { apiBaseUrl: 'http://api.ca.example' }],
		['a query string', { apiBaseUrl: 'https://api.ca.example/?debug=1' }],
		['credentials in the URL', { apiBaseUrl: 'https://user:pw@api.ca.example' }],
		['a script URL', { apiBaseUrl: 'javascript:alert(1)' }]
	])('refuses %s', (_, value) => {
		expect(() => parseDeploymentConfig(value, APP)).toThrow(DeploymentConfigError);
	});

	it('says the file is missing when it cannot be fetched or is not there', async () => {
		const offline = async () => Promise.reject(new TypeError('Failed to fetch'));
		const notFound = async () => new Response('nope', { status: 404 });
		expect(await problemOf(loadDeploymentConfig(APP, offline))).toBe('config_missing');
		expect(await problemOf(loadDeploymentConfig(APP, notFound))).toBe('config_missing');
	});

	it('says the file is malformed when it is not JSON', async () => {
		const html = async () => new Response('<!doctype html>', { status: 200 });
		expect(await problemOf(loadDeploymentConfig(APP, html))).toBe('config_malformed');
	});

	it('reads kiosk settings, with defaults for all but the office name', () => {
		expect(parseDeploymentConfig({ kiosk: { officeName: ' KvK Utrecht ' } }, APP).kiosk).toEqual({
			officeName: 'KvK Utrecht',
			idleTimeoutSeconds: 180,
			warningSeconds: 30,
			languages: ['en', 'nl', 'fr', 'de', 'pt']
		});
		const kiosk = {
			officeName: 'KvK',
			idleTimeoutSeconds: 10,
			warningSeconds: 5,
			languages: ['nl', 'en']
		};
		expect(parseDeploymentConfig({ kiosk }, APP).kiosk).toEqual(kiosk);
		expect(parseDeploymentConfig({ kiosk: null }, APP).kiosk).toBeNull();
	});

	it.each([
		['not an object', 'yes', 'kiosk must be an object or null'],
		['without an office name', {}, 'kiosk.officeName must be a non-empty string'],
		[
			'with a blank office name',
			{ officeName: '  ' },
			'kiosk.officeName must be a non-empty string'
		],
		[
			'with a fractional idle time',
			{ officeName: 'KvK', idleTimeoutSeconds: 60.5 },
			'kiosk.idleTimeoutSeconds must be a whole number of seconds from 10 to 3600'
		],
		[
			'with an idle time too short',
			{ officeName: 'KvK', idleTimeoutSeconds: 9 },
			'from 10 to 3600'
		],
		[
			'with an idle time too long',
			{ officeName: 'KvK', idleTimeoutSeconds: 3601 },
			'from 10 to 3600'
		],
		[
			'with the idle time as text',
			{ officeName: 'KvK', idleTimeoutSeconds: '180' },
			'from 10 to 3600'
		],
		[
			'with a warning too short',
			{ officeName: 'KvK', warningSeconds: 4 },
			'kiosk.warningSeconds must be a whole number of seconds from 5 to 120'
		],
		[
			'with a warning as long as the idle time',
			{ officeName: 'KvK', idleTimeoutSeconds: 30, warningSeconds: 30 },
			'kiosk.warningSeconds must be less than kiosk.idleTimeoutSeconds'
		],
		[
			'with the default warning over a short idle time',
			{ officeName: 'KvK', idleTimeoutSeconds: 20 },
			'must be less than'
		],
		[
			'with an unknown language',
			{ officeName: 'KvK', languages: ['en', 'es'] },
			'kiosk.languages must be a non-empty list drawn from en, nl, fr, de, pt'
		],
		['with no languages', { officeName: 'KvK', languages: [] }, 'non-empty list'],
		['with languages as text', { officeName: 'KvK', languages: 'en' }, 'non-empty list'],
		[
			'with a language twice',
			{ officeName: 'KvK', languages: ['en', 'nl', 'en'] },
			'kiosk.languages lists a language twice'
		]
	])('refuses kiosk settings %s, saying which', (_, kiosk, message) => {
		let error: unknown;
		try {
			parseDeploymentConfig({ kiosk }, APP);
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(DeploymentConfigError);
		expect((error as DeploymentConfigError).code).toBe('config_malformed');
		expect((error as DeploymentConfigError).message).toContain(message);
	});
});
