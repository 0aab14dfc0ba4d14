import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { freePort } from '../../server/free-port.ts';
import { startServerProcess } from '../../server/server-process.ts';
import { runCli } from './cli.ts';

export interface CreatedOrder {
	orderId: string;
	link: string;
	pickupPassword: string;
}

/** The real reference server as a child process, on a free loopback port with its own data directory. */
export interface RunningServer {
	origin: string;
	port: number;
	dataDir: string;
	createOrder(args?: string[]): Promise<CreatedOrder>;
	/** Runs an operator command (as `npm run order:<command>` does) against this server's data. */
	operator(command: string, args: string[]): Promise<string>;
	/** Moves an order's pickup deadline into the past, as if its days had run out. */
	passDeadline(orderId: string): void;
	stop(): Promise<void>;
}

export const DEFAULT_ORDER = [
	'--cn',
	'Jan Peeters',
	'--email',
	'jan@example.be',
	'--org',
	'Example BV',
	'--country',
	'BE'
];

export { freePort };

export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
	const dataDir = await mkdtemp(join(tmpdir(), 'cert-pickup-e2e-'));
	const port = extraEnv.PORT ? Number(extraEnv.PORT) : await freePort();
	const env = { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ...extraEnv };
	const child = await startServerProcess(env);
	const server: RunningServer = {
		origin: `http://127.0.0.1:${port}`,
		port,
		dataDir,
		async createOrder(args = []) {
			const stdout = await server.operator('create', ['--json', ...DEFAULT_ORDER, ...args]);
			return JSON.parse(stdout) as CreatedOrder;
		},
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
