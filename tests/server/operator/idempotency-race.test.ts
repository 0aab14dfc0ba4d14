/**
 * Two requests with one Idempotency-Key at the same moment: under PostgreSQL's READ COMMITTED both
 * can look before either has inserted its record. The one whose insert finds the other's must not
 * run its operation too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../server/access/api-keys.ts';
import { loadConfig } from '../../../server/config.ts';
import type { Context } from '../../../server/context.ts';
import { idempotent } from '../../../server/http/idempotency.ts';
import { Refusal } from '../../../server/problems.ts';
import { openStore } from '../../../server/store/open.ts';
import type { ApiKey, OrderStore, OrderTx } from '../../../server/store/types.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'idempotency-race-'));
let store: OrderStore;
let apiKey: ApiKey;

beforeAll(async () => {
	store = await openStore(loadConfig({ DATA_DIR: dataDir }));
	const { id } = await createApiKey(store, 'order system', 'write', new Date());
	apiKey = (await store.findApiKey(id)) as ApiKey;
});

afterAll(async () => {
	await store.close();
	rmSync(dataDir, { recursive: true, force: true });
});

/** A transaction whose first look for an idempotency record sees none, as a concurrent one would. */
function lookingTooEarly(tx: OrderTx): OrderTx {
	let looked = false;
	return new Proxy(tx, {
		get(target, name) {
			if (name === 'findIdempotencyRecord' && !looked) {
				looked = true;
				return async () => undefined;
			}
			const value: unknown = Reflect.get(target, name);
			return typeof value === 'function' ? value.bind(target) : value;
		}
	});
}

describe('two requests with one Idempotency-Key at once', () => {
	it('run once: the second is 409 idempotency_key_in_use', async () => {
		const request = { method: 'POST', path: '/api/v1/operator/orders/x/cancel', body: {} };
		const ctx = (orders: OrderStore) =>
			({ store: orders, now: () => new Date() }) as unknown as Context;
		let runs = 0;
		const operation = async () => {
			runs += 1;
			return { status: 200, body: {} };
		};
		// The first request claims the key and runs until released.
		let release = () => {};
		const running = new Promise<void>((resolve) => (release = resolve));
		let started = () => {};
		const claimed = new Promise<void>((resolve) => (started = resolve));
		const first = idempotent(ctx(store), apiKey, 'same-key', request, async () => {
			started();
			await running;
			return operation();
		});
		await claimed;
		const racing = {
			...store,
			transaction: <T>(orderId: string | null, work: (tx: OrderTx) => Promise<T>) =>
				store.transaction(orderId, (tx) => work(lookingTooEarly(tx)))
		} as OrderStore;
		const second = await idempotent(ctx(racing), apiKey, 'same-key', request, operation).catch(
			(error: unknown) => error
		);
		release();
		expect((await first).replayed).toBe(false);
		expect(runs).toBe(1);
		expect(second).toBeInstanceOf(Refusal);
		expect((second as Refusal).code).toBe('idempotency_key_in_use');
	});
});
