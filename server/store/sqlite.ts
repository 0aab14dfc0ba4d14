/**
 * The embedded store: one SQLite file in DATA_DIR, the default. better-sqlite3 is synchronous, so
 * the asynchronous interface is a thin shell: statements run at once, and a queue keeps one
 * transaction's statements from interleaving with another request's on the shared connection.
 * BEGIN IMMEDIATE takes SQLite's write lock, which also holds off the CLI or a second server
 * process on the same file until the transaction ends.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrations } from './migrations.ts';
import { orderQueries, type QueryOptions, type Sql } from './queries.ts';
import type { OrderStore, OrderTx } from './types.ts';

export function openSqliteStore(
	dataDir: string,
	options: Pick<QueryOptions, 'webhookEvents'>
): OrderStore {
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
	const queries = orderQueries(sqliteRunner(db), { ...options, dialect: 'sqlite' });
	const queue = new Queue();
	const queued =
		<A extends unknown[], T>(query: (...args: A) => Promise<T>) =>
		(...args: A) =>
			queue.run(() => query(...args));
	return {
		kind: 'sqlite',
		findOrder: queued(queries.findOrder),
		listOrders: queued(queries.listOrders),
		countOrders: queued(queries.countOrders),
		orderWithKey: queued(queries.orderWithKey),
		dueOrderIds: queued(queries.dueOrderIds),
		certificateOf: queued(queries.certificateOf),
		sessionValid: queued(queries.sessionValid),
		auditTrail: queued(queries.auditTrail),
		audit: queued(queries.audit),
		findApiKey: queued(queries.findApiKey),
		listApiKeys: queued(queries.listApiKeys),
		findIdempotencyRecord: queued(queries.findIdempotencyRecord),
		outboxOf: queued(queries.outboxOf),
		outboxStats: queued(queries.outboxStats),
		findPerson: queued(queries.findPerson),
		listPeople: queued(queries.listPeople),
		listPasskeys: queued(queries.listPasskeys),
		findPasskeyByCredential: queued(queries.findPasskeyByCredential),
		findInvite: queued(queries.findInvite),
		listInvites: queued(queries.listInvites),
		listOutbox: queued(queries.listOutbox),
		findOutboxMessage: queued(queries.findOutboxMessage),
		transaction: <T>(_orderId: string | null, work: (tx: OrderTx) => Promise<T>) =>
			queue.run(async () => {
				db.exec('BEGIN IMMEDIATE');
				try {
					const result = await work(queries);
					db.exec('COMMIT');
					return result;
				} catch (error) {
					// SQLite rolls back by itself after some failures (a full disk, an I/O error).
					if (db.inTransaction) db.exec('ROLLBACK');
					throw error;
				}
			}),
		ping: () =>
			queue.run(async () => {
				db.prepare('SELECT 1').get();
			}),
		close: async () => {
			await queue.run(async () => db.close());
		}
	};
}

/**
 * The version check and the missing migrations in one IMMEDIATE transaction: a crash half-way
 * leaves the previous, consistent schema, and a second process starting at the same moment waits,
 * then finds the schema current instead of creating the tables again.
 */
function migrate(db: Database.Database): void {
	db.transaction(() => {
		const current = db.pragma('user_version', { simple: true }) as number;
		for (const { version, sql } of migrations('sqlite')) {
			if (version <= current) continue;
			db.exec(sql);
			db.pragma(`user_version = ${version}`);
		}
	}).immediate();
}

/**
 * Compiling SQL costs more than running these small queries; the server runs the same few
 * statements for every request, so each text is compiled once.
 */
function sqliteRunner(db: Database.Database): Sql {
	const cache = new Map<string, Database.Statement>();
	const statement = (text: string) => {
		let compiled = cache.get(text);
		if (!compiled) {
			compiled = db.prepare(text);
			cache.set(text, compiled);
		}
		return compiled;
	};
	return {
		all: async <T>(text: string, params: unknown[] = []) => statement(text).all(...params) as T[],
		get: async <T>(text: string, params: unknown[] = []) =>
			statement(text).get(...params) as T | undefined,
		run: async (text: string, params: unknown[] = []) => statement(text).run(...params).changes
	};
}

/** Runs tasks one after another, in the order they were queued. */
class Queue {
	#tail: Promise<unknown> = Promise.resolve();

	run<T>(task: () => Promise<T>): Promise<T> {
		const result = this.#tail.then(task);
		this.#tail = result.catch(() => undefined);
		return result;
	}
}
