import { afterEach, describe, expect, it } from 'vitest';
import { healthRoutes } from '../../../server/http/health.ts';
import { startInProcessApp, type InProcessApp } from './in-process.ts';

let app: InProcessApp | undefined;
afterEach(async () => {
	await app?.close();
	app = undefined;
});

async function get(path: string) {
	const response = await fetch(`${app?.url}${path}`);
	return {
		status: response.status,
		cacheControl: response.headers.get('cache-control'),
		contentType: response.headers.get('content-type'),
		body: (await response.json()) as unknown
	};
}

describe('/healthz', () => {
	it('answers 200 while the process runs, even with the store closed, never cached', async () => {
		app = await startInProcessApp();
		await app.ctx.store.close();
		expect(await get('/healthz')).toEqual({
			status: 200,
			cacheControl: 'no-store',
			contentType: 'application/json',
			body: { status: 'ok' }
		});
	});
});

describe('/readyz', () => {
	it('answers 200 when the store answers and the CA key signs', async () => {
		app = await startInProcessApp();
		expect(await get('/readyz')).toEqual({
			status: 200,
			cacheControl: 'no-store',
			contentType: 'application/json',
			body: { status: 'ok', checks: { store: 'ok', issuer: 'ok' } }
		});
	});

	it('answers 503 with the reason when the store does not answer', async () => {
		app = await startInProcessApp();
		await app.ctx.store.close();
		const answer = await get('/readyz');
		expect(answer.status).toBe(503);
		expect(answer.cacheControl).toBe('no-store');
		expect(answer.body).toEqual({
			status: 'unavailable',
			checks: { store: 'The database connection is not open', issuer: 'ok' }
		});
		expect(app.logLines()).toContainEqual(
			expect.objectContaining({ level: 'warn', msg: 'not ready' })
		);
	});

	it('answers 503 with the reason when the issuer cannot sign', async () => {
		app = await startInProcessApp((ctx) => ({
			...ctx,
			issuer: {
				...ctx.issuer,
				ready: () => Promise.reject(new Error('the signing device is gone'))
			}
		}));
		const answer = await get('/readyz');
		expect(answer.status).toBe(503);
		expect(answer.body).toEqual({
			status: 'unavailable',
			checks: { store: 'ok', issuer: 'the signing device is gone' }
		});
	});

	it('answers 503 when a check does not answer in time', async () => {
		app = await startInProcessApp();
		const ctx = {
			...app.ctx,
			store: { ...app.ctx.store, ping: () => new Promise<void>(() => undefined) }
		};
		const answer = await healthRoutes(ctx, 50).request('/readyz');
		expect(answer.status).toBe(503);
		expect(await answer.json()).toEqual({
			status: 'unavailable',
			checks: { store: 'no answer within 50 ms', issuer: 'ok' }
		});
	});
});
