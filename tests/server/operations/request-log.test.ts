import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { createApiKey } from '../../../server/access/api-keys.ts';
import { Api, csrFor, newOrder, PICKUP_PASSWORD, send, useServer, withStore } from '../harness.ts';

const server = useServer();

/** The server's whole output as parsed lines; fails on any line that is not JSON. */
function logLines(): Record<string, unknown>[] {
	return server
		.output()
		.split('\n')
		.filter((line) => line !== '')
		.map((line) => {
			try {
				return JSON.parse(line) as Record<string, unknown>;
			} catch {
				throw new Error(`not a JSON log line: ${line}`);
			}
		});
}

describe('the server log', () => {
	it('is one JSON line per request after a whole pickup, and holds none of its secrets', async () => {
		const created = await newOrder(server);
		const api = new Api(server, created.order.id);
		const { key: operatorKey } = await withStore(server, (store) =>
			createApiKey(store, 'monitoring', 'read', new Date())
		);
		const wrongKey = `cpk_${randomBytes(8).toString('hex')}_${randomBytes(32).toString('base64url')}`;
		const answers = [await api.summary(created.linkSecret)];
		answers.push(await api.session(created.linkSecret, 'a wrong pickup password'));
		const session = await api.session(created.linkSecret, PICKUP_PASSWORD);
		answers.push(session);
		const token = session.body.sessionToken as string;
		answers.push(await api.request(token, await csrFor()));
		answers.push(await api.certificate(token));
		answers.push(
			await send(server, 'GET', `/api/v1/orders/${created.order.id}/certificate`, {
				headers: { authorization: `Link ${created.linkSecret}` }
			})
		);
		answers.push(await api.collected(token));
		const metrics = await send(server, 'GET', '/metrics', {
			headers: { authorization: `Bearer ${operatorKey}` }
		});
		answers.push(metrics);
		answers.push(
			await send(server, 'GET', '/metrics', { headers: { authorization: `Bearer ${wrongKey}` } })
		);
		answers.push(await send(server, 'GET', `/pickup?s=${created.linkSecret}`));
		expect(answers.map((answer) => answer.status)).toEqual([
			200, 401, 200, 200, 200, 200, 204, 200, 401, 404
		]);
		expect(metrics.headers.get('content-type')).toContain('text/plain; version=0.0.4');
		expect(metrics.headers.get('cache-control')).toBe('no-store');
		expect(metrics.body).toContain('pickup_outcomes_total{outcome="collected",code=""} 1');

		// A request's line is written once its answer is sent, so the last may still be in the pipe.
		const lines = await vi.waitFor(() => {
			const parsed = logLines();
			expect(parsed.filter((line) => line.msg === 'request')).toHaveLength(answers.length);
			return parsed;
		});
		expect(lines[0]).toMatchObject({ level: 'warn', msg: expect.stringContaining('no app build') });
		expect(lines).toContainEqual(
			expect.objectContaining({ level: 'info', msg: `listening on ${server.url}` })
		);
		const requests = lines.filter((line) => line.msg === 'request');
		expect(requests).toHaveLength(answers.length);
		for (const [index, line] of requests.entries()) {
			expect(line).toEqual({
				level: 'info',
				time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
				pid: expect.any(Number),
				hostname: expect.any(String),
				msg: 'request',
				requestId: answers[index]?.headers.get('x-request-id'),
				method: expect.stringMatching(/^(GET|POST)$/),
				route: expect.any(String),
				path: expect.stringMatching(/^\//),
				status: answers[index]?.status,
				durationMs: expect.any(Number),
				address: '127.0.0.1',
				userAgent: expect.any(String)
			});
		}
		expect(requests.map(({ route }) => route)).toEqual([
			'/api/v1/orders/:orderId/summary',
			'/api/v1/orders/:orderId/session',
			'/api/v1/orders/:orderId/session',
			'/api/v1/orders/:orderId/certificate-request',
			'/api/v1/orders/:orderId/certificate',
			'/api/v1/orders/:orderId/certificate',
			'/api/v1/orders/:orderId/collected',
			'/metrics',
			'/metrics',
			'static'
		]);
		expect(requests.at(-1)?.path).toBe('/pickup?[redacted]');

		const output = server.output();
		// The search finds what is logged: the order id (public, in every path) is there.
		expect(output).toContain(`/api/v1/orders/${created.order.id}/session`);
		for (const secret of [
			created.linkSecret,
			PICKUP_PASSWORD,
			'a wrong pickup password',
			token,
			operatorKey,
			wrongKey
		])
			expect(output).not.toContain(secret);
	});

	it('keeps a valid incoming request id and replaces any other', async () => {
		const kept = await send(server, 'GET', '/healthz', {
			headers: { 'x-request-id': 'lb-7f3a.42:1' }
		});
		expect(kept.headers.get('x-request-id')).toBe('lb-7f3a.42:1');
		const forged = await send(server, 'GET', '/healthz', {
			headers: { 'x-request-id': 'x" level="fatal' }
		});
		expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
		await vi.waitFor(() => {
			const ids = logLines()
				.filter((line) => line.msg === 'request')
				.slice(-2)
				.map((line) => line.requestId);
			expect(ids).toEqual(['lb-7f3a.42:1', forged.headers.get('x-request-id')]);
		});
		expect(server.output()).not.toContain('level="fatal');
	});
});
