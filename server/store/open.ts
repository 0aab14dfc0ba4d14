/** The store the configuration asks for: PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR. */
import type { Config } from '../config.ts';
import { openPostgresStore } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';
import type { OrderStore } from './types.ts';

export function openStore(config: Pick<Config, 'dataDir' | 'databaseUrl'>): Promise<OrderStore> {
	return config.databaseUrl
		? openPostgresStore(config.databaseUrl)
		: Promise.resolve(openSqliteStore(config.dataDir));
}
