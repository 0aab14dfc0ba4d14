/**
 * The reference pickup server: `tsx server/main.ts`. Configuration: server/README.md.
 */
import 'reflect-metadata';
import { serve } from '@hono/node-server';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError, loadConfig } from './config.ts';
import type { Context } from './context.ts';
import { createApp } from './http/app.ts';
import { warmCompressedCopies } from './http/compression-warm-up.ts';
import { loadIssuer } from './issuers/configured.ts';
import { expireDueOrders } from './orders/operator.ts';
import { openStore } from './store/open.ts';

const EXPIRY_SWEEP_MS = 10 * 60 * 1000;

// The database, the CA keys and everything else the server writes are for its own user only.
process.umask(0o077);

const config = loadConfig();
if (!existsSync(join(config.buildDir, 'index.html'))) {
	console.warn(`no app build in ${config.buildDir} (npm run build): serving the API only`);
}
const store = await openStore(config);
const issuer = await loadIssuer(config).catch((error: unknown) => {
	// What the operator must fix is one line, not a stack trace.
	if (!(error instanceof ConfigurationError)) throw error;
	console.error(`cannot start: ${error.message}`);
	process.exit(1);
});
const ctx: Context = { store, config, issuer, now: () => new Date() };
const app = createApp(ctx);

const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
	const host = info.address.includes(':') ? `[${info.address}]` : info.address;
	console.log(`listening on http://${host}:${info.port}`);
	void warmCompressedCopies(config);
});

// Orders also expire when touched; the sweep keeps `order:list` truthful for idle orders.
const sweep = setInterval(() => {
	expireDueOrders({ store, config }, 'system').then(
		(expired) => {
			if (expired.length > 0)
				console.log(`expired ${expired.length} order(s) past their pickup deadline`);
		},
		(error: unknown) => console.error('expiry sweep failed:', error)
	);
}, EXPIRY_SWEEP_MS);
sweep.unref();

function shutdown(): void {
	clearInterval(sweep);
	server.close(() => {
		void store.close().finally(() => process.exit(0));
	});
	// Keep-alive connections would hold close() open; they carry no state worth waiting for.
	setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
