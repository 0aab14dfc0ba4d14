/**
 * Whether an error means the storage cannot take writes now (disk full, read-only file, I/O error,
 * another writer holding the lock past the busy timeout), as opposed to a bug: such a request can
 * succeed later, so it is answered 503 with Retry-After rather than 500. Both stores' codes are here.
 */
const SQLITE_STORAGE_CODES = ['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR', 'SQLITE_BUSY'];

/**
 * PostgreSQL's SQLSTATE classes and codes for the same situations (disk full, out of memory or
 * connections, shutting down or starting up, read-only, lost connection, a deadlock victim), and
 * the socket errors of a database that cannot be reached.
 */
const POSTGRES_STORAGE_CODES = new Set([
	'53100',
	'53200',
	'53300',
	'57P01',
	'57P02',
	'57P03',
	'25006',
	'40P01',
	'ECONNREFUSED',
	'ECONNRESET',
	'ETIMEDOUT'
]);
const POSTGRES_CONNECTION_CLASS = '08';

export function isStorageFailure(error: unknown): error is Error & { code: string } {
	const code = (error as { code?: unknown } | null)?.code;
	// Extended result codes (SQLITE_IOERR_WRITE, SQLITE_BUSY_SNAPSHOT...) name their primary code first.
	return (
		typeof code === 'string' &&
		(SQLITE_STORAGE_CODES.some((primary) => code === primary || code.startsWith(`${primary}_`)) ||
			POSTGRES_STORAGE_CODES.has(code) ||
			(code.length === 5 && code.startsWith(POSTGRES_CONNECTION_CLASS)))
	);
}
