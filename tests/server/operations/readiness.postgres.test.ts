import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessApp, type InProcessApp } from './in-process.ts';

let app: InProcessApp;
beforeAll(async () => {
	app = await startInProcessApp();
});
afterAll(() => app?.close());

describe('/readyz on PostgreSQL', () => {
	it('is ready while the database answers, and not once the connections are gone', async () => {
		expect(app.ctx.store.kind).toBe('postgres');
		const ready = await fetch(`${app.url}/readyz`);
		expect(ready.status).toBe(200);
		await app.ctx.store.close();
		const gone = await fetch(`${app.url}/readyz`);
		expect(gone.status).toBe(503);
		expect(await gone.json()).toEqual({
			status: 'unavailable',
			checks: { store: 'Cannot use a pool after calling end on the pool', issuer: 'ok' }
		});
	});
});
