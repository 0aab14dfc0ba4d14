/**
 * A throw-away PostgreSQL cluster for the tests and the benchmark: Debian's initdb and pg_ctl in a
 * temporary directory, on 127.0.0.1 and a free port, with trust authentication for local TCP only.
 * PostgreSQL refuses to run as root, so as root the cluster belongs to the unprivileged `nobody`.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port.ts';

const run = promisify(execFile);
const DEBIAN_POSTGRES = '/usr/lib/postgresql';
const UNPRIVILEGED_UID = 65534;
const UNPRIVILEGED_GID = 65534;

export interface PostgresCluster {
	/** postgres://... of the cluster's `postgres` database, as the superuser. */
	url: string;
	/** A new, empty database on the cluster, and its URL. */
	createDatabase: () => Promise<string>;
	dropDatabase: (url: string) => Promise<void>;
	stop: () => Promise<void>;
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
	const bin = postgresBin();
	const dir = mkdtempSync(join(tmpdir(), 'pickup-postgres-'));
	const asRoot = process.getuid?.() === 0;
	const owner = asRoot ? { uid: UNPRIVILEGED_UID, gid: UNPRIVILEGED_GID } : {};
	if (asRoot) chownSync(dir, UNPRIVILEGED_UID, UNPRIVILEGED_GID);
	const data = join(dir, 'data');
	const port = await freePort();
	const tool = (name: string, args: string[]) =>
		run(join(bin, name), args, { ...owner, cwd: dir, env: { ...process.env, HOME: dir } });
	await tool('initdb', [
		'-D',
		data,
		'-U',
		'postgres',
		'--auth=trust',
		'--encoding=UTF8',
		'--no-sync'
	]);
	// Durability is not what a throw-away cluster is for; fsync off keeps it fast on a shared disk.
	const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
	await tool('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
	const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
	return {
		url,
		createDatabase: () => createDatabase(url),
		dropDatabase: (databaseUrl) => dropDatabase(url, databaseUrl),
		stop: async () => {
			await tool('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

let created = 0;

/** A new, empty database on the cluster whose superuser connects with `adminUrl`; returns its URL. */
export async function createDatabase(adminUrl: string): Promise<string> {
	const name = `pickup_${process.pid}_${++created}_${Date.now()}`;
	await asAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return url.toString();
}

export async function dropDatabase(adminUrl: string, databaseUrl: string): Promise<void> {
	const name = new URL(databaseUrl).pathname.slice(1);
	await asAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

async function asAdmin<T>(adminUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
	const client = new pg.Client({ connectionString: adminUrl });
	await client.connect();
	try {
		return await use(client);
	} finally {
		await client.end();
	}
}

/** The newest server version Debian's postgresql package installed. */
function postgresBin(): string {
	const versions = existsSync(DEBIAN_POSTGRES)
		? readdirSync(DEBIAN_POSTGRES)
				.filter((name) => existsSync(join(DEBIAN_POSTGRES, name, 'bin', 'initdb')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (!versions[0])
		throw new Error('PostgreSQL is not installed: run scripts/system-deps.sh (package postgresql)');
	return join(DEBIAN_POSTGRES, versions[0], 'bin');
}
