/**
 * A running server's own store, opened beside it from the test process as the operator CLI opens it
 * (SQLite in WAL mode, or the same PostgreSQL database), for setting up what a test needs.
 */
import { loadConfig, type Config } from '../../server/config.ts';
import { openStore } from '../../server/store/open.ts';
import type { OrderStore } from '../../server/store/types.ts';

export async function withServerStore<T>(
	env: Record<string, string>,
	use: (store: OrderStore, config: Config) => Promise<T>
): Promise<T> {
	const config = loadConfig(env);
	const store = await openStore(config);
	try {
		return await use(store, config);
	} finally {
		await store.close();
	}
}
