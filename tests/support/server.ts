import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createApiKey } from '../../server/access/api-keys.ts';
import type { Config } from '../../server/config.ts';
import { freePort } from '../../server/free-port.ts';
import { startServerProcess } from '../../server/server-process.ts';
import type { OrderStore } from '../../server/store/types.ts';
import { runCli } from './cli.ts';
import { withServerStore } from './store.ts';

export interface CreatedOrder {
	orderId: string;
	link: string;
	pickupPassword: string;
}

/** Fields of the operator API's create-order request (docs/api.md) over DEFAULT_ORDER's. */
export type OrderFields = Record<string, unknown>;

/** The real reference server as a child process, on a free loopback port with its own data directory. */
export interface RunningServer {
	origin: string;
	port: number;
	dataDir: string;
	/**
	 * A new order, made as a CA's order system makes one (`POST /api/v1/operator/orders`), its link
	 * in the answer.
	 */
	createOrder(fields?: OrderFields): Promise<CreatedOrder>;
	/** The same, with the link sent in the pickup e-mail instead of answered. */
	createEmailedOrder(fields?: OrderFields): Promise<Omit<CreatedOrder, 'link'>>;
	/** Opens the server's own store beside it, as the operator CLI does, for `use`. */
	withStore<T>(use: (store: OrderStore, config: Config) => Promise<T>): Promise<T>;
	/** Runs an operator command (as `npm run order:<command>` does) against this server's data. */
	operator(command: string, args: string[]): Promise<string>;
	/** Moves an order's pickup deadline into the past, as if its days had run out. */
	passDeadline(orderId: string): void;
	stop(): Promise<void>;
}

/** A personal order that every rule accepts; tests override what they are about. */
export const DEFAULT_ORDER = {
	commonName: 'Jan Peeters',
	email: 'jan@example.be',
	organization: 'Example BV',
	country: 'BE'
};

export { freePort };

export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
	const dataDir = await mkdtemp(join(tmpdir(), 'cert-pickup-e2e-'));
	const port = extraEnv.PORT ? Number(extraEnv.PORT) : await freePort();
	const env = { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ...extraEnv };
	const child = await startServerProcess(env);
	const withStore: RunningServer['withStore'] = (use) => withServerStore(env, use);
	// An operator API key, made as `npm run operator:key` makes one, for the orders of this server's
	// tests.
	let apiKey: Promise<string> | undefined;
	async function postOrder(fields: OrderFields) {
		apiKey ??= withStore(
			async (store) => (await createApiKey(store, 'end-to-end tests', 'write', new Date())).key
		);
		const response = await fetch(`http://127.0.0.1:${port}/api/v1/operator/orders`, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${await apiKey}`,
				'content-type': 'application/json',
				'idempotency-key': randomUUID()
			},
			body: JSON.stringify({ ...DEFAULT_ORDER, ...fields })
		});
		const body = (await response.json()) as {
			order: { id: string };
			link?: string;
			pickupPassword?: string;
		};
		// The answer carries the pickup password only when the server generated it.
		const pickupPassword = body.pickupPassword ?? fields.pickupPassword;
		if (response.status !== 201 || typeof pickupPassword !== 'string')
			throw new Error(`creating an order: ${response.status} ${JSON.stringify(body)}`);
		return { orderId: body.order.id, link: body.link, pickupPassword };
	}
	const server: RunningServer = {
		origin: `http://127.0.0.1:${port}`,
		port,
		dataDir,
		async createOrder(fields = {}) {
			const created = await postOrder({ delivery: 'link', ...fields });
			if (typeof created.link !== 'string') throw new Error('the created order has no link');
			return { ...created, link: created.link };
		},
		createEmailedOrder: (fields = {}) => postOrder({ ...fields, delivery: 'email' }),
		withStore,
		async operator(command, args) {
			// tests/server/cli.test.ts runs the npm scripts themselves.
			return (await runCli(command, args, env)).stdout;
		},
		passDeadline(orderId) {
			const db = new Database(join(dataDir, 'orders.sqlite'));
			try {
				db.prepare('UPDATE orders SET pickup_deadline = ? WHERE id = ?').run(
					'2020-01-01T00:00:00.000Z',
					orderId
				);
			} finally {
				db.close();
			}
		},
		async stop() {
			await child.stop();
			await rm(dataDir, { recursive: true, force: true });
		}
	};
	return server;
}
