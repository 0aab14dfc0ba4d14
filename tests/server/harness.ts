/**
 * Runs the real server as a child process on 127.0.0.1 with a free port and a temporary DATA_DIR,
 * and makes orders and requests the way an operator and the app would. Under the `server-postgres`
 * test project (TEST_STORE=postgres) each server gets its own database on the throw-away cluster
 * that postgres.setup.ts starts; otherwise orders are in SQLite in DATA_DIR.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, inject } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyAlgorithmName } from '../../src/lib/domain/key-algorithms.ts';
import type { SubjectAltName } from '../../src/lib/domain/subject-alt-names.ts';
import type { SubjectAttribute } from '../../src/lib/domain/subject-attributes.ts';
import { createCsr } from '../../src/lib/pki/csr.ts';
import { generateKeyPair } from '../../src/lib/pki/keys.ts';
import { loadConfig } from '../../server/config.ts';
import { createOrder, type CreatedOrder, type OrderInput } from '../../server/orders/operator.ts';
import { createDatabase, dropDatabase } from '../../server/postgres-cluster.ts';
import type { Order, OrderStore } from '../../server/store/types.ts';
import * as x509 from '../../src/lib/pki/x509.ts';
import { startServerProcess, type ServerProcess } from '../../server/server-process.ts';
import { runCli } from '../support/cli.ts';
import { withServerStore } from '../support/store.ts';

export interface TestServer {
	url: string;
	dataDir: string;
	env: Record<string, string>;
	output: () => string;
	restart: () => Promise<void>;
	stop: () => Promise<void>;
	/** Stops the server and deletes its data directory. */
	dispose: () => Promise<void>;
}

/** `target`, when given, becomes the server handle, so a handle made before the start stays valid. */
export async function startServer(
	env: Record<string, string> = {},
	target = {} as TestServer
): Promise<TestServer> {
	const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'pickup-server-'));
	const ownDatabase =
		usesPostgres() && !env.DATABASE_URL ? await createDatabase(inject('postgresUrl')) : undefined;
	const fullEnv: Record<string, string> = {
		BUILD_DIR: join(dataDir, 'no-build'),
		...(ownDatabase ? { DATABASE_URL: ownDatabase } : {}),
		...env,
		DATA_DIR: dataDir,
		HOST: '127.0.0.1'
	};
	let running: ServerProcess | undefined;
	// A restart keeps the port, so URLs and links made before it stay valid.
	let port = '0';
	const launch = async () => {
		running = await startServerProcess({ ...fullEnv, PORT: port });
		server.url = running.url;
		port = new URL(running.url).port;
	};
	const server: TestServer = Object.assign(target, {
		url: '',
		dataDir,
		env: fullEnv,
		output: () => running?.output() ?? '',
		restart: async () => {
			await server.stop();
			await launch();
		},
		stop: async () => {
			await running?.stop();
			running = undefined;
		},
		dispose: async () => {
			await server.stop();
			rmSync(dataDir, { recursive: true, force: true });
			if (ownDatabase) await dropDatabase(inject('postgresUrl'), ownDatabase);
		}
	});
	await launch();
	return server;
}

/** A server for the enclosing suite: started before its tests, stopped and deleted after them. */
export function useServer(env: Record<string, string> = {}): TestServer {
	const server = {} as TestServer;
	beforeAll(async () => {
		await startServer(env, server);
	});
	afterAll(async () => {
		await server.dispose?.();
	});
	return server;
}

export function usesPostgres(): boolean {
	return process.env.TEST_STORE === 'postgres';
}

/** Opens the server's order store the way the CLI does, alongside the running server. */
export function withStore<T>(
	server: TestServer,
	use: (store: OrderStore) => Promise<T>
): Promise<T> {
	return withServerStore(server.env, use);
}

export const PERSON: SubjectAttribute[] = [
	{ type: 'C', value: 'BE' },
	{ type: 'O', value: 'Example BV' },
	{ type: 'CN', value: 'Jan Peeters' },
	{ type: 'emailAddress', value: 'jan@example.be' }
];
export const PERSON_SANS: SubjectAltName[] = [{ type: 'email', value: 'jan@example.be' }];
export const SERVER: SubjectAttribute[] = [
	{ type: 'C', value: 'NL' },
	{ type: 'O', value: 'Example BV' },
	{ type: 'organizationIdentifier', value: 'NTRNL-12345678' },
	{ type: 'CN', value: 'portal.example.nl' }
];
export const SERVER_SANS: SubjectAltName[] = [{ type: 'dns', value: 'portal.example.nl' }];
export const PICKUP_PASSWORD = 'correct horse battery';

/** `env` overrides the server's (e.g. the hash cost); `now` backdates the order. */
export async function newOrder(
	server: TestServer,
	input: Partial<OrderInput> = {},
	options: { env?: Record<string, string>; now?: Date } = {}
): Promise<CreatedOrder> {
	const config = loadConfig({ ...server.env, ...options.env });
	return withStore(server, (store) =>
		createOrder(
			{ store, config, now: options.now },
			{ subject: PERSON, pickupPassword: PICKUP_PASSWORD, ...input }
		)
	);
}

export async function order(server: TestServer, orderId: string): Promise<Order> {
	const found = await withStore(server, (store) => store.findOrder(orderId));
	if (!found) throw new Error(`no order ${orderId}`);
	return found;
}

export function auditTrail(server: TestServer, orderId: string) {
	return withStore(server, (store) => store.auditTrail(orderId));
}

export async function csrFor(
	subject: SubjectAttribute[] = PERSON,
	subjectAltNames: SubjectAltName[] = PERSON_SANS,
	algorithm: KeyAlgorithmName = 'P-256'
): Promise<string> {
	return createCsr({ keys: await generateKeyPair(algorithm), subject, subjectAltNames });
}

/** A small client of the API that returns status, headers and parsed body for assertions. */
export class Api {
	constructor(
		private readonly server: TestServer,
		private readonly orderId: string
	) {}

	summary(linkSecret: string) {
		return this.call('POST', 'summary', { linkSecret });
	}

	session(linkSecret: string, pickupPassword = PICKUP_PASSWORD) {
		return this.call('POST', 'session', { linkSecret, pickupPassword });
	}

	request(token: string, csr: string, agreementVersion = 'subscriber-2026-01') {
		return this.call('POST', 'certificate-request', { csr, agreementVersion }, token);
	}

	certificate(token: string) {
		return this.call('GET', 'certificate', undefined, token);
	}

	collected(token: string) {
		return this.call('POST', 'collected', undefined, token);
	}

	async call(method: string, action: string, json?: unknown, token?: string) {
		return send(this.server, method, `/api/v1/orders/${this.orderId}/${action}`, {
			headers: {
				...(json === undefined ? {} : { 'content-type': 'application/json' }),
				...(token ? { authorization: `Bearer ${token}` } : {})
			},
			body: json === undefined ? undefined : JSON.stringify(json)
		});
	}
}

export async function send(
	server: TestServer,
	method: string,
	path: string,
	init: { headers?: Record<string, string>; body?: BodyInit } = {}
) {
	const response = await fetch(server.url + path, {
		method,
		headers: init.headers,
		body: init.body,
		...(init.body instanceof ReadableStream ? { duplex: 'half' } : {})
	} as RequestInit).catch((error: unknown) => {
		// A server that is gone says why in its output (exit code or signal).
		throw new Error(`${method} ${path} failed; server output:\n${server.output()}`, {
			cause: error
		});
	});
	const text = await response.text();
	// Tests read bodies loosely; each assertion states the shape it expects.
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	let body: any = text;
	try {
		body = text ? JSON.parse(text) : null;
	} catch {
		// Not JSON: keep the text.
	}
	return { status: response.status, headers: response.headers, body };
}

/** An order with an open session, ready for a certificate request. */
export async function openedOrder(server: TestServer, input: Partial<OrderInput> = {}) {
	const created = await newOrder(server, input);
	const api = new Api(server, created.order.id);
	const session = await api.session(created.linkSecret);
	if (session.status !== 200) throw new Error(`session: ${JSON.stringify(session.body)}`);
	return { created, api, token: session.body.sessionToken as string };
}

/** OpenSSL's own chain and purpose check of leaf -> intermediate -> root. */
export function opensslVerify(chainPem: string, purpose: string): string {
	const dir = mkdtempSync(join(tmpdir(), 'chain-'));
	try {
		const [leaf, intermediate, root] = x509.PemConverter.decode(chainPem).map((der) =>
			x509.PemConverter.encode(der, 'CERTIFICATE')
		);
		writeFileSync(join(dir, 'leaf.pem'), leaf ?? '');
		writeFileSync(join(dir, 'intermediate.pem'), intermediate ?? '');
		writeFileSync(join(dir, 'root.pem'), root ?? '');
		return execFileSync(
			'openssl',
			[
				'verify',
				'-x509_strict',
				'-purpose',
				purpose,
				'-CAfile',
				join(dir, 'root.pem'),
				'-untrusted',
				join(dir, 'intermediate.pem'),
				join(dir, 'leaf.pem')
			],
			{ encoding: 'utf8' }
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** Link secret and order id from an emailed link. */
export function linkParts(link: string): { orderId: string; linkSecret: string } {
	const fragment = new URLSearchParams(link.split('#')[1]);
	return { orderId: fragment.get('o') ?? '', linkSecret: fragment.get('s') ?? '' };
}

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * The operator CLI's command that an npm script runs: its package.json line is
 * `tsx server/cli.ts COMMAND`, after building the SQLite module when the command opens the store.
 */
export function cliCommandOf(script: string): string {
	const scripts = (
		JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
			scripts: Record<string, string>;
		}
	).scripts;
	const command = /^(?:bash scripts\/sqlite-module\.sh && )?tsx server\/cli\.ts ([a-z-]+)$/.exec(
		scripts[script] ?? ''
	)?.[1];
	if (!command) throw new Error(`npm script ${script} is not "tsx server/cli.ts COMMAND"`);
	return command;
}

/**
 * Runs what `npm run --silent SCRIPT -- ...args` runs (the script's CLI command, see cliCommandOf)
 * without npm's and tsx's start-up. One test per script family still goes through npm itself
 * (tests/server/cli.test.ts, tests/server/operator/cli-keys.test.ts).
 */
export function runCliScript(script: string, args: string[], env: Record<string, string>) {
	return runCli(cliCommandOf(script), args, env);
}
