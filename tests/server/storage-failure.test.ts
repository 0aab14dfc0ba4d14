/**
 * The server on storage that refuses every write, as on a full disk: writes answer 503 with
 * Retry-After, reads keep working, and a failed attempt whose audit entry cannot be written still
 * gets its own answer. The server runs with a file size limit of 0 (no write to any file can
 * succeed) while this process keeps the database open, so SQLite's shared memory already exists.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import type { OrderStore } from '../../server/store/types.ts';
import { startServerProcess, type ServerProcess } from '../../server/server-process.ts';
import { Api, csrFor, openedOrder, send, startServer, type TestServer } from './harness.ts';

let server: TestServer;
let full: ServerProcess;
let keeper: OrderStore;
let issued: { orderId: string; linkSecret: string };
let waiting: { orderId: string; linkSecret: string; token: string };

beforeAll(async () => {
	server = await startServer();
	const first = await openedOrder(server);
	expect((await first.api.request(first.token, await csrFor())).status).toBe(200);
	issued = { orderId: first.created.order.id, linkSecret: first.created.linkSecret };
	const second = await openedOrder(server);
	waiting = {
		orderId: second.created.order.id,
		linkSecret: second.created.linkSecret,
		token: second.token
	};
	await server.stop();
	keeper = openSqliteStore(server.dataDir, { webhookEvents: false });
	full = await startServerProcess({ ...server.env, PORT: '0' }, [
		'sh',
		'-c',
		'ulimit -f 0 && exec "$@"',
		'sh'
	]);
});

afterAll(async () => {
	await full?.stop();
	await keeper?.close();
	await server?.dispose();
});

function onFull(): TestServer {
	return { ...server, url: full.url, output: full.output };
}

describe('storage that refuses writes', () => {
	it('answers writes with 503 service_unavailable and Retry-After', async () => {
		const api = new Api(onFull(), waiting.orderId);
		const session = await api.session(waiting.linkSecret);
		expect(session.status).toBe(503);
		expect(session.body.code).toBe('service_unavailable');
		expect(Number(session.headers.get('retry-after'))).toBeGreaterThan(0);
		const request = await api.request(waiting.token, await csrFor());
		expect(request.status).toBe(503);
		expect(request.body.code).toBe('service_unavailable');
	});

	it('keeps reads working: the summary and an issued certificate', async () => {
		const summary = await new Api(onFull(), waiting.orderId).summary(waiting.linkSecret);
		expect(summary.status).toBe(200);
		expect(summary.body.status).toBe('awaiting_pickup');
		// The note goes to stderr, which may reach this process after the answer did.
		await vi.waitFor(() =>
			expect(full.output()).toMatch(
				new RegExp(
					`audit entry not written \\(SQLITE_\\w+\\): link_opened for order ${waiting.orderId}`
				)
			)
		);
		const certificate = await send(
			onFull(),
			'GET',
			`/api/v1/orders/${issued.orderId}/certificate`,
			{ headers: { authorization: `Link ${issued.linkSecret}` } }
		);
		expect(certificate.status).toBe(200);
		expect(certificate.body.chainPem).toContain('BEGIN CERTIFICATE');
	});

	it('answers an unknown order or a wrong link as usual though the audit entry cannot be written', async () => {
		const unknown = await new Api(onFull(), 'unknownorder123').summary('x'.repeat(32));
		expect(unknown.status).toBe(404);
		expect(unknown.body.code).toBe('order_not_found');
		const wrong = await new Api(onFull(), waiting.orderId).summary('x'.repeat(32));
		expect(wrong.status).toBe(401);
		expect(wrong.body.code).toBe('link_invalid');
		await vi.waitFor(() =>
			expect(full.output()).toMatch(
				new RegExp(`audit entry not written \\(SQLITE_\\w+\\): \\w+ for order unknownorder123`)
			)
		);
	});
});
