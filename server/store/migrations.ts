/**
 * The numbered schema migrations, one directory per database with the same numbers and names in
 * each (a test holds them together). Each store applies the ones its database has not seen yet.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Dialect = 'sqlite' | 'postgres';

export interface Migration {
	version: number;
	name: string;
	sql: string;
}

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export function migrations(dialect: Dialect): Migration[] {
	const dir = join(MIGRATIONS_DIR, dialect);
	return readdirSync(dir)
		.filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name))
		.sort()
		.map((name) => ({
			version: Number(name.slice(0, 4)),
			name,
			sql: readFileSync(join(dir, name), 'utf8')
		}));
}
