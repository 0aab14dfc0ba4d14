/**
 * Points a built app at its pickup API without rebuilding it: writes config.json and allows the
 * API's origin in the pages' Content-Security-Policy. See docs/deployment.md.
 *
 *   npx tsx scripts/configure-deployment.ts --build build --api-base-url https://api.ca.example/
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DeploymentConfigError, parseDeploymentConfig } from '../src/lib/deployment-config.ts';
import { allowConnectOrigins } from './deployment/csp-meta.ts';

const { values } = parseArgs({
	options: { build: { type: 'string', default: 'build' }, 'api-base-url': { type: 'string' } }
});

try {
	const buildDir = values.build!;
	// Any https origin stands in for the app's own: a relative API URL means "same origin as the app".
	const appOrigin = 'https://app.invalid';
	const config = parseDeploymentConfig({ apiBaseUrl: values['api-base-url'] ?? '/' }, appOrigin);
	const apiOrigin = new URL(config.apiBaseUrl).origin;
	const crossOrigin = apiOrigin !== appOrigin;
	const configFile = join(buildDir, 'config.json');
	// Other settings (kiosk mode) stay as the deployment wrote them.
	const existing = JSON.parse(await readFile(configFile, 'utf8').catch(() => '{}')) as object;
	const apiBaseUrl = crossOrigin ? config.apiBaseUrl : '/';
	await writeFile(configFile, `${JSON.stringify({ ...existing, apiBaseUrl }, null, '\t')}\n`);
	for (const name of await readdir(buildDir)) {
		if (!name.endsWith('.html') || !crossOrigin) continue;
		const file = join(buildDir, name);
		await writeFile(file, allowConnectOrigins(await readFile(file, 'utf8'), [apiOrigin]));
	}
	console.log(
		`configured ${buildDir}: API ${crossOrigin ? config.apiBaseUrl : 'on the app origin'}`
	);
} catch (error) {
	console.error(error instanceof DeploymentConfigError ? `error: ${error.message}` : error);
	process.exit(1);
}
