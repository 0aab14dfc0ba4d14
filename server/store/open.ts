/** The store the configuration asks for: PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR. */
import type { Config } from '../config.ts';
import { openPostgresStore } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';
import type { OrderStore } from './types.ts';

export function openStore(
	config: Pick<Config, 'dataDir' | 'databaseUrl' | 'webhook'>
): Promise<OrderStore> {
	const options = { webhookEvents: config.webhook !== undefined };
	return config.databaseUrl
		? openPostgresStore(config.databaseUrl, options)
		: Promise.resolve(openSqliteStore(config.dataDir, options));
}
