/**
 * Whether an error means the storage cannot take writes now (disk full, read-only file, I/O error,
 * another writer holding the lock past the busy timeout), as opposed to a bug: such a request can
 * succeed later, so it is answered 503 with Retry-After rather than 500. A store on another
 * database adds its codes here.
 */
const SQLITE_STORAGE_CODES = ['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR', 'SQLITE_BUSY'];

export function isStorageFailure(error: unknown): error is Error & { code: string } {
	const code = (error as { code?: unknown } | null)?.code;
	// Extended result codes (SQLITE_IOERR_WRITE, SQLITE_BUSY_SNAPSHOT...) name their primary code first.
	return (
		typeof code === 'string' &&
		SQLITE_STORAGE_CODES.some((primary) => code === primary || code.startsWith(`${primary}_`))
	);
}
