/**
 * The app in the test process, over real HTTP on 127.0.0.1, with a store of the test project's
 * kind, a fresh built-in CA and a log the test reads line by line: for what the child-process
 * server hides (a closed store, a failing issuer, the metric objects).
 */
import { serve } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { loadOrCreateCa } from '../../../server/ca/authority.ts';
import { loadConfig } from '../../../server/config.ts';
import type { Context } from '../../../server/context.ts';
import { createApp } from '../../../server/http/app.ts';
import { builtInIssuer } from '../../../server/issuers/configured.ts';
import { createLogger } from '../../../server/log.ts';
import { createMetrics } from '../../../server/metrics.ts';
import { createDatabase, dropDatabase } from '../../../server/postgres-cluster.ts';
import { openStore } from '../../../server/store/open.ts';
import { usesPostgres } from '../harness.ts';

export interface InProcessApp {
	url: string;
	ctx: Context;
	/** Every log line so far, parsed. */
	logLines: () => Record<string, unknown>[];
	close: () => Promise<void>;
}

/** `change` adjusts the context (e.g. another issuer) before the app is built. */
export async function startInProcessApp(
	change: (ctx: Context) => Context = (ctx) => ctx
): Promise<InProcessApp> {
	const dataDir = mkdtempSync(join(tmpdir(), 'pickup-operations-'));
	const databaseUrl = usesPostgres() ? await createDatabase(inject('postgresUrl')) : undefined;
	const config = loadConfig({
		DATA_DIR: dataDir,
		BUILD_DIR: join(dataDir, 'no-build'),
		HOST: '127.0.0.1',
		...(databaseUrl ? { DATABASE_URL: databaseUrl } : {})
	});
	const written: string[] = [];
	const ctx = change({
		store: await openStore(config),
		config,
		issuer: builtInIssuer(await loadOrCreateCa(config), {}),
		now: () => new Date(),
		log: createLogger(config, { write: (line: string) => void written.push(line) }),
		metrics: createMetrics()
	});
	const server = serve({ fetch: createApp(ctx).fetch, hostname: '127.0.0.1', port: 0 });
	await new Promise<void>((resolve) => server.once('listening', () => resolve()));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		ctx,
		logLines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
		close: async () => {
			await new Promise<void>((resolve) => server.close(() => resolve()));
			// A test may have closed the store already; a second close may throw, changing nothing.
			await ctx.store.close().catch(() => undefined);
			if (databaseUrl) await dropDatabase(inject('postgresUrl'), databaseUrl);
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}
