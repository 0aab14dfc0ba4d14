/**
 * The shared store: PostgreSQL through `pg`, for several server instances (and the CLI) on one
 * database. A transaction on an order starts with SELECT ... FOR UPDATE on its row, so writers on
 * any instance take turns on that order while other orders proceed in parallel. Migrations run
 * under a session advisory lock: instances starting together apply each one exactly once.
 */
import pg from 'pg';
import { migrations } from './migrations.ts';
import { orderQueries, type QueryOptions, type Sql } from './queries.ts';
import type { OrderStore, OrderTx } from './types.ts';

// Any fixed number: it names the lock that serialises schema migrations across instances.
const MIGRATION_LOCK = 0x63657274;
const POOL_SIZE = 10;

export async function openPostgresStore(
	databaseUrl: string,
	options: Pick<QueryOptions, 'webhookEvents'>
): Promise<OrderStore> {
	const queryOptions: QueryOptions = { ...options, dialect: 'postgres' };
	const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
	// An idle connection that the database drops must not take the server down with it.
	pool.on('error', (error) => console.error(`PostgreSQL connection lost: ${error.message}`));
	try {
		await migrate(pool);
	} catch (error) {
		await pool.end();
		throw error;
	}
	const queries = orderQueries(postgresRunner(pool), queryOptions);
	return {
		kind: 'postgres',
		...queries,
		async transaction<T>(orderId: string | null, work: (tx: OrderTx) => Promise<T>): Promise<T> {
			const client = await pool.connect();
			// A connection the database ends between two statements (a restart, a failover) fails the
			// next one with pg's generic "not queryable", which has no code: the database's own error
			// (57P01, or the socket's) is what says it is a storage failure and not a bug.
			let lost: Error | undefined;
			const onLost = (error: Error) => (lost ??= error);
			client.on('error', onLost);
			try {
				await client.query('BEGIN');
				if (orderId !== null)
					await client.query('SELECT 1 FROM orders WHERE id = $1 FOR UPDATE', [orderId]);
				const result = await work(orderQueries(postgresRunner(client), queryOptions));
				await client.query('COMMIT');
				return result;
			} catch (error) {
				await client.query('ROLLBACK').catch(() => undefined);
				throw lost ?? error;
			} finally {
				client.off('error', onLost);
				// A lost connection is closed rather than handed to the next transaction.
				client.release(lost);
			}
		},
		async ping() {
			await pool.query('SELECT 1');
		},
		close: () => pool.end()
	};
}

async function migrate(pool: pg.Pool): Promise<void> {
	const client = await pool.connect();
	try {
		await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
		await client.query(
			'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)'
		);
		const { rows } = await client.query<{ version: number }>(
			'SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations'
		);
		const current = rows[0]?.version ?? 0;
		for (const { version, name, sql } of migrations('postgres')) {
			if (version <= current) continue;
			await client.query('BEGIN');
			try {
				await client.query(sql);
				await client.query(
					'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
					[version, name, new Date().toISOString()]
				);
				await client.query('COMMIT');
			} catch (error) {
				await client.query('ROLLBACK');
				throw error;
			}
		}
	} finally {
		await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
		client.release();
	}
}

/**
 * `?` placeholders become `$1`, `$2`...: the statements contain no other question marks. Converted
 * once per text for the process, not per runner: every transaction makes a runner of its own.
 */
const numberedTexts = new Map<string, string>();

function numbered(text: string): string {
	let converted = numberedTexts.get(text);
	if (converted === undefined) {
		let index = 0;
		converted = text.replace(/\?/g, () => `$${++index}`);
		numberedTexts.set(text, converted);
	}
	return converted;
}

function postgresRunner(executor: pg.Pool | pg.PoolClient): Sql {
	const query = (text: string, params: unknown[]) => executor.query(numbered(text), params);
	return {
		all: async <T>(text: string, params: unknown[] = []) => (await query(text, params)).rows as T[],
		get: async <T>(text: string, params: unknown[] = []) =>
			(await query(text, params)).rows[0] as T | undefined,
		run: async (text: string, params: unknown[] = []) => (await query(text, params)).rowCount ?? 0
	};
}
