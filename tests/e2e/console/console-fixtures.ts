/**
 * The operator console in Chromium: a reference server whose public URL is http://localhost:PORT
 * (WebAuthn refuses an IP address as its relying party), serving a copy of the built app so that a
 * test can turn it into a kiosk (config.json) afterwards, and a virtual authenticator (CDP) that
 * makes and uses passkeys as a phone or laptop would.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { CDPSession, Page } from '@playwright/test';
import { createInvite } from '../../../server/access/invites.ts';
import { chromiumArgs, headlessShellPath } from '../../../playwright.config.ts';
import { freePort, startServer, type RunningServer } from '../../support/server.ts';
import { expect, test as base } from '../fixtures.ts';

/** Chromium resolves localhost to the loopback address the server listens on. */
export const consoleLaunch = {
	executablePath: headlessShellPath,
	args: [...chromiumArgs, '--host-resolver-rules=MAP localhost 127.0.0.1']
};

export interface ConsoleServer extends RunningServer {
	/** http://localhost:PORT: the console's origin and the server's PUBLIC_URL. */
	url: string;
	buildDir: string;
	/** Rewrites the copy's config.json, which the app reads afresh at every page load. */
	configure(config: object): Promise<void>;
	/** A one-time invitation link, made on the server's store as `npm run operator:invite` does. */
	invite(name: string, role: 'office' | 'admin'): Promise<string>;
	/** Runs SQL on the server's SQLite database (to move a date into the past). */
	sql(statement: string, ...values: unknown[]): void;
}

export async function startConsoleServer(env: Record<string, string> = {}): Promise<ConsoleServer> {
	const buildDir = await mkdtemp(join(tmpdir(), 'cert-pickup-console-'));
	await cp('build', buildDir, { recursive: true });
	const configure = (config: object) =>
		writeFile(join(buildDir, 'config.json'), JSON.stringify(config));
	await configure({ apiBaseUrl: '/' });
	const port = await freePort();
	const url = `http://localhost:${port}`;
	const server = await startServer({
		PORT: String(port),
		PUBLIC_URL: url,
		BUILD_DIR: buildDir,
		// Every test signs in and polls from the one loopback address.
		RATE_LIMIT_ADDRESS_PER_MINUTE: '100000',
		...env
	});
	return {
		...server,
		url,
		buildDir,
		configure,
		async invite(name, role) {
			const actedBy = { by: 'e2e', via: 'cli' };
			return server.withStore(
				async (store, config) =>
					(await createInvite(store, config, { name, role }, actedBy, new Date())).link
			);
		},
		sql(statement, ...values) {
			const db = new Database(join(server.dataDir, 'orders.sqlite'));
			try {
				db.prepare(statement).run(...values);
			} finally {
				db.close();
			}
		},
		async stop() {
			await server.stop();
			await rm(buildDir, { recursive: true, force: true });
		}
	};
}

/** A passkey-capable device for `page`: its passkeys live as long as the page. */
export async function addAuthenticator(page: Page): Promise<CDPSession> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('WebAuthn.enable');
	await cdp.send('WebAuthn.addVirtualAuthenticator', {
		options: {
			protocol: 'ctap2',
			transport: 'internal',
			hasResidentKey: true,
			hasUserVerification: true,
			isUserVerified: true,
			automaticPresenceSimulation: true
		}
	});
	return cdp;
}

/** Opens an invitation and registers a passkey with it: signed in on the orders screen after. */
export async function acceptInvite(page: Page, link: string, name: string): Promise<void> {
	// A new page: a link that differs only in its fragment would not load one.
	await page.goto('about:blank');
	await page.goto(link);
	await expect(page.getByRole('heading', { level: 1, name: 'Create your passkey' })).toBeVisible();
	// The token leaves the address bar as soon as it is read.
	expect(new URL(page.url()).hash).toBe('');
	await expect(page.getByText(name, { exact: true })).toBeVisible();
	await page.getByRole('button', { name: 'Create my passkey and sign in' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible();
	await expect(page.getByText(`Signed in as ${name}`)).toBeVisible();
}

/** A new person of `role`, invited, with a passkey on this page's virtual authenticator: signed in. */
export async function enrol(
	page: Page,
	server: ConsoleServer,
	name: string,
	role: 'office' | 'admin'
): Promise<void> {
	await addAuthenticator(page);
	await acceptInvite(page, await server.invite(name, role), name);
}

export async function signIn(page: Page): Promise<void> {
	await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
}

/**
 * Each worker its own console server. Each test file also calls
 * `test.use({ launchOptions: consoleLaunch })`, so that localhost reaches it.
 */
export const test = base.extend<object, { consoleServer: ConsoleServer }>({
	consoleServer: [
		// eslint-disable-next-line no-empty-pattern
		async ({}, use) => {
			const server = await startConsoleServer();
			await use(server);
			await server.stop();
		},
		{ scope: 'worker' }
	]
});

export { expect };
