import { describe, expect, it } from 'vitest';
import {
	DeploymentConfigError,
	loadDeploymentConfig,
	parseDeploymentConfig
} from '../../src/lib/deployment-config';

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
		expect(parseDeploymentConfig({}, APP)).toEqual({ apiBaseUrl: APP });
		expect(parseDeploymentConfig({ apiBaseUrl: '/' }, APP)).toEqual({ apiBaseUrl: APP });
	});

	it('accepts an API on another https origin', () => {
		expect(parseDeploymentConfig({ apiBaseUrl: 'https://api.ca.example/enroll/' }, APP)).toEqual({
			apiBaseUrl: 'https://api.ca.example/enroll'
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
});
