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
import { createLogger } from './log.ts';
import { createMailer } from './mail/mailer.ts';
import { createMetrics } from './metrics.ts';
import { expireDueOrders } from './orders/operator.ts';
import { startOutbox } from './outbox/dispatcher.ts';
import { IDEMPOTENCY_TTL_MS } from './http/idempotency.ts';
import { openStore } from './store/open.ts';

const EXPIRY_SWEEP_MS = 10 * 60 * 1000;

// The database, the CA keys and everything else the server writes are for its own user only.
process.umask(0o077);

const { config, log } = (() => {
	try {
		const loaded = loadConfig();
		return { config: loaded, log: createLogger(loaded) };
	} catch (error) {
		// What the operator must fix is one line on stderr, not a stack trace.
		if (!(error instanceof ConfigurationError)) throw error;
		console.error(`cannot start: ${error.message}`);
		process.exit(1);
	}
})();
if (!existsSync(join(config.buildDir, 'index.html'))) {
	log.warn(`no app build in ${config.buildDir} (npm run build): serving the API only`);
}
const store = await openStore(config);
const issuer = await loadIssuer(config).catch((error: unknown) => {
	// What the operator must fix is one line on stderr, not a stack trace.
	if (!(error instanceof ConfigurationError)) throw error;
	console.error(`cannot start: ${error.message}`);
	process.exit(1);
});
const mailer = createMailer(config.mail);
const outbox = startOutbox({ store, config, mailer, now: () => new Date() }, (error) =>
	log.error({ err: error }, 'outbox run failed; the next one tries again')
);
const ctx: Context = {
	store,
	config,
	issuer,
	now: () => new Date(),
	log,
	metrics: createMetrics(),
	wakeOutbox: outbox.kick
};
const app = createApp(ctx);

const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
	const host = info.address.includes(':') ? `[${info.address}]` : info.address;
	log.info(`listening on http://${host}:${info.port}`);
	void warmCompressedCopies(config);
});

// Orders also expire when touched; the sweep keeps `order:list` truthful for idle orders.
const sweep = setInterval(() => {
	expireDueOrders({ store, config }, 'system').then(
		(expired) => {
			if (expired.length > 0)
				log.info(`expired ${expired.length} order(s) past their pickup deadline`);
		},
		(error: unknown) => log.error({ err: error }, 'expiry sweep failed')
	);
	const forgetBefore = new Date(Date.now() - IDEMPOTENCY_TTL_MS);
	store
		.transaction(null, (tx) => tx.purgeIdempotencyRecords(forgetBefore))
		.catch((error: unknown) => log.error({ err: error }, 'idempotency purge failed'));
}, EXPIRY_SWEEP_MS);
sweep.unref();

function shutdown(): void {
	clearInterval(sweep);
	void outbox.stop().finally(() => mailer.close());
	server.close(() => {
		void store.close().finally(() => process.exit(0));
	});
	// Keep-alive connections would hold close() open; they carry no state worth waiting for.
	setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
