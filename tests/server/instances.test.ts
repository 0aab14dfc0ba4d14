import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createDatabase, dropDatabase } from '../../server/postgres-cluster.ts';
import { migrations } from '../../server/store/migrations.ts';
import {
	Api,
	auditTrail,
	csrFor,
	newOrder,
	order,
	PICKUP_PASSWORD,
	startServer,
	usesPostgres,
	withStore,
	type TestServer
} from './harness.ts';

// Two server processes on one store, started at the same moment on a store that does not exist
// yet: both must migrate it (once) and then keep every guarantee as if they were one.
let first: TestServer;
let second: TestServer;
const dataDir = mkdtempSync(join(tmpdir(), 'pickup-instances-'));
let databaseUrl: string | undefined;

beforeAll(async () => {
	databaseUrl = usesPostgres() ? await createDatabase(inject('postgresUrl')) : undefined;
	const shared = { DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
	[first, second] = await Promise.all([startServer(shared), startServer(shared)]);
});

afterAll(async () => {
	await Promise.all([first?.stop(), second?.stop()]);
	rmSync(dataDir, { recursive: true, force: true });
	if (databaseUrl) await dropDatabase(inject('postgresUrl'), databaseUrl);
});

const both = () => [first, second] as const;

describe('several server instances on one store', () => {
	it('share one schema, migrated once by whichever started first', async () => {
		expect(await withStore(first, (store) => store.countOrders())).toBe(0);
		expect(migrations('sqlite').map(({ name }) => name)).toEqual(
			migrations('postgres').map(({ name }) => name)
		);
	});

	it('accept a session opened at one instance at the other, through a whole pickup', async () => {
		const created = await newOrder(first);
		const [atFirst, atSecond] = both().map((server) => new Api(server, created.order.id));
		if (!atFirst || !atSecond) throw new Error('two instances expected');
		const session = await atFirst.session(created.linkSecret);
		const token = session.body.sessionToken as string;
		const issued = await atSecond.request(token, await csrFor());
		expect(issued.status).toBe(200);
		expect((await atFirst.certificate(token)).body.chainPem).toBe(issued.body.chainPem);
		expect((await atFirst.collected(token)).status).toBe(204);
		expect((await atSecond.certificate(token)).body.code).toBe('order_collected');
	});

	it('count wrong pickup passwords together: guesses spread over both cannot outrun the lockout', async () => {
		const created = await newOrder(first);
		const answers = await Promise.all(
			Array.from({ length: 12 }, (_, i) =>
				new Api(both()[i % 2] as TestServer, created.order.id).session(
					created.linkSecret,
					'a wrong guess'
				)
			)
		);
		expect(answers.every((answer) => answer.status === 401 || answer.status === 423)).toBe(true);
		const checked = (await auditTrail(first, created.order.id)).filter(
			(entry) => entry.event === 'pickup_password_wrong'
		);
		expect(checked).toHaveLength(5);
		expect(await order(second, created.order.id)).toMatchObject({
			status: 'locked',
			failedAttempts: 5
		});
		const right = await new Api(second, created.order.id).session(
			created.linkSecret,
			PICKUP_PASSWORD
		);
		expect(right.status).toBe(423);
	});

	it('issue exactly one certificate per order when both are polled for it at once', async () => {
		const orders = await Promise.all(
			Array.from({ length: 6 }, async () => {
				const created = await newOrder(first, { issuanceDelaySeconds: 1 });
				const api = new Api(first, created.order.id);
				const token = (await api.session(created.linkSecret)).body.sessionToken as string;
				expect((await api.request(token, await csrFor())).status).toBe(202);
				return { id: created.order.id, token };
			})
		);
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const chains = new Map<string, Set<string>>();
		await Promise.all(
			orders.flatMap(({ id, token }) =>
				Array.from({ length: 8 }, async (_, i) => {
					const api = new Api(both()[i % 2] as TestServer, id);
					for (;;) {
						const answer = await api.certificate(token);
						if (answer.status === 200) {
							chains.set(id, (chains.get(id) ?? new Set()).add(answer.body.chainPem));
							return;
						}
						expect(answer.status).toBe(202);
						await new Promise((resolve) =>
							setTimeout(resolve, answer.body.retryAfterSeconds * 100)
						);
					}
				})
			)
		);
		for (const { id } of orders) {
			expect(chains.get(id)?.size).toBe(1);
			const events = (await auditTrail(second, id)).map((entry) => entry.event);
			expect(events.filter((event) => event === 'issuance_started')).toHaveLength(1);
			expect(events.filter((event) => event === 'certificate_issued')).toHaveLength(1);
			const stored = await withStore(first, (store) => store.certificateOf(id));
			expect([...(chains.get(id) ?? [])][0]).toContain(stored?.der.toString('base64').slice(0, 60));
		}
	});
});
