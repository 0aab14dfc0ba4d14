/**
 * Opens the order database and brings its schema up to date. Migrations are the numbered .sql files
 * next to this module; PRAGMA user_version records the last one applied. The version is read and
 * the missing migrations applied inside one IMMEDIATE transaction, so a crash half-way leaves the
 * previous, consistent schema and a second process starting at the same moment waits, then finds
 * the schema current instead of creating the tables again.
 */
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Db = Database.Database;

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export function openDatabase(dataDir: string): Db {
	mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	const db = new Database(join(dataDir, 'orders.sqlite'));
	// First, so that switching to WAL and migrating wait for another process starting at once.
	db.pragma('busy_timeout = 5000');
	// WAL lets the CLI write while the server runs; NORMAL sync is durable across process crashes
	// (only a power loss can drop the last transactions), which is the trade-off WAL is meant for.
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = NORMAL');
	db.pragma('foreign_keys = ON');
	migrate(db);
	cacheStatements(db);
	return db;
}

/**
 * Compiling SQL costs more than running these small queries; the server runs the same few
 * statements for every request, so each text is compiled once. Only get/run/all are used, which
 * lets one statement serve every caller.
 */
function cacheStatements(db: Db): void {
	const compile = db.prepare.bind(db);
	const cache = new Map<string, Database.Statement>();
	db.prepare = ((source: string) => {
		let statement = cache.get(source);
		if (!statement) {
			statement = compile(source);
			cache.set(source, statement);
		}
		return statement;
	}) as Db['prepare'];
}

export function migrate(db: Db): void {
	db.transaction(() => {
		const current = db.pragma('user_version', { simple: true }) as number;
		for (const { version, sql } of migrations()) {
			if (version <= current) continue;
			db.exec(sql);
			db.pragma(`user_version = ${version}`);
		}
	}).immediate();
}

function migrations(): { version: number; sql: string }[] {
	return readdirSync(MIGRATIONS_DIR)
		.filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name))
		.sort()
		.map((name) => ({
			version: Number(name.slice(0, 4)),
			sql: readFileSync(join(MIGRATIONS_DIR, name), 'utf8')
		}));
}
