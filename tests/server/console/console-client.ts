/**
 * Calls the console's API of a test server the way the console's pages do: with the session
 * cookie the server set, the CSRF token it gave, and the public URL's Origin on every POST. The
 * passkeys are SoftAuthenticators; people are invited on the server's own store, as
 * `npm run operator:invite` does.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { createInvite } from '../../../server/access/invites.ts';
import { loadConfig } from '../../../server/config.ts';
import type { PersonRole } from '../../../server/store/console-types.ts';
import { send, withStore, type TestServer } from '../harness.ts';
import { SoftAuthenticator } from './soft-authenticator.ts';

export const CONSOLE = '/api/v1/console';
/** The console's origin: WebAuthn's relying party is its host name. */
export const PUBLIC_URL = 'https://console.example.test';

/**
 * The console's server settings for the tests: its public URL, and X-Forwarded-For trusted so that
 * each test can be its own client address for the sign-in limits.
 */
export function consoleEnv(extra: Record<string, string> = {}): Record<string, string> {
	return { PUBLIC_URL, TRUST_PROXY: 'true', ...extra };
}

/** An invitation's token, made `hoursAgo` hours ago (25: expired). */
export async function inviteToken(
	server: TestServer,
	role: PersonRole,
	name = `${role} person`,
	hoursAgo = 0
): Promise<string> {
	const { link } = await withStore(server, (store) =>
		createInvite(
			store,
			loadConfig(server.env),
			{ name, role },
			{ by: 'test', via: 'test' },
			new Date(Date.now() - hoursAgo * 3600_000)
		)
	);
	return new URL(link).hash.slice('#t='.length);
}

let addresses = 0;

export class ConsoleClient {
	cookie: string | undefined;
	csrfToken: string | undefined;
	/** The client address the server sees (X-Forwarded-For). */
	readonly address = `198.51.100.${++addresses % 250}`;

	constructor(private readonly server: TestServer) {}

	get(path: string, headers: Record<string, string> = {}) {
		return this.#send('GET', path, undefined, headers);
	}

	/** A POST as the console's page makes it; `headers` override (or, as null, drop) its headers. */
	post(path: string, body: unknown = {}, headers: Record<string, string | null> = {}) {
		return this.#send('POST', path, body, headers);
	}

	async #send(
		method: string,
		path: string,
		body: unknown,
		overrides: Record<string, string | null>
	) {
		const headers: Record<string, string | null> = {
			'x-forwarded-for': this.address,
			...(this.cookie ? { cookie: `console_session=${this.cookie}` } : {}),
			...(method === 'POST'
				? {
						origin: PUBLIC_URL,
						'sec-fetch-site': 'same-origin',
						'content-type': 'application/json',
						...(this.csrfToken ? { 'x-console-csrf': this.csrfToken } : {})
					}
				: {}),
			...overrides
		};
		const answer = await send(this.server, method, CONSOLE + path, {
			headers: Object.fromEntries(
				Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== null)
			),
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		for (const cookie of answer.headers.getSetCookie()) {
			const value = /^console_session=([^;]*)/.exec(cookie)?.[1];
			if (value !== undefined) this.cookie = value === '' ? undefined : value;
		}
		if (typeof answer.body?.csrfToken === 'string') this.csrfToken = answer.body.csrfToken;
		return answer;
	}

	/** Registers the authenticator's passkey with an invitation; signed in when it worked. */
	async register(token: string, authenticator = new SoftAuthenticator(), userVerified = true) {
		const options = await this.post('/invites/options', { invite: token });
		if (options.status !== 200) return options;
		return this.post('/invites/register', {
			invite: token,
			response: authenticator.register(options.body.options, { origin: PUBLIC_URL, userVerified })
		});
	}

	async signIn(authenticator: SoftAuthenticator, userVerified = true) {
		const options = await this.post('/sign-in/options', {});
		if (options.status !== 200) throw new Error(`options: ${JSON.stringify(options.body)}`);
		return this.post('/sign-in', {
			response: authenticator.signIn(options.body.options, { origin: PUBLIC_URL, userVerified })
		});
	}
}

/** A person of `role` signed in with a new passkey, with the client and the passkey. */
export async function signedIn(server: TestServer, role: PersonRole, name?: string) {
	const client = new ConsoleClient(server);
	const authenticator = new SoftAuthenticator();
	const registered = await client.register(await inviteToken(server, role, name), authenticator);
	if (registered.status !== 201) throw new Error(`register: ${JSON.stringify(registered.body)}`);
	return { client, authenticator, person: registered.body.person as { id: string; name: string } };
}

export interface ConsoleAuditEntry {
	event: string;
	detail: Record<string, string | null>;
}

/**
 * The audit log's entries about no order (people, sessions, keys), oldest first: read from the
 * server's SQLite file, since the console tests run on SQLite and the store reads trails by order.
 */
export async function consoleAudit(server: TestServer): Promise<ConsoleAuditEntry[]> {
	const db = new Database(join(server.dataDir, 'orders.sqlite'), { readonly: true });
	try {
		const rows = db
			.prepare('SELECT event, detail FROM audit_log WHERE order_id IS NULL ORDER BY id')
			.all() as { event: string; detail: string | null }[];
		return rows.map((row) => ({
			event: row.event,
			detail: JSON.parse(row.detail ?? '{}') as Record<string, string | null>
		}));
	} finally {
		db.close();
	}
}
