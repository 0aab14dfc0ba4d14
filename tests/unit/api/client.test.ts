import { afterEach, describe, expect, it, vi } from 'vitest';
import { PickupApi } from '../../../src/lib/api/client.ts';
import { ApiError } from '../../../src/lib/api/errors.ts';
import { isRetryable, toFlowError } from '../../../src/lib/pickup/errors.ts';

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;

function apiWith(handler: Handler) {
	const calls: { url: string; init: RequestInit }[] = [];
	const api = new PickupApi('https://ca.example/', async (input, init) => {
		calls.push({ url: String(input), init: init ?? {} });
		return handler(String(input), init ?? {});
	});
	return { api, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
	new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json', ...headers }
	});

const problem = (
	status: number,
	body: Record<string, unknown>,
	headers: Record<string, string> = {}
) =>
	new Response(JSON.stringify({ type: 'about:blank', title: 't', status, ...body }), {
		status,
		headers: { 'content-type': 'application/problem+json', ...headers }
	});

async function failure(promise: Promise<unknown>): Promise<ApiError> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof ApiError) return error;
		throw error;
	}
	throw new Error('expected an ApiError');
}

describe('PickupApi', () => {
	it('posts the link secret in the body, never in the URL', async () => {
		const { api, calls } = apiWith(() =>
			json(200, { sessionToken: 't', expiresAt: '2026-01-01T00:00:00Z' })
		);
		await api.openSession('ord 1', 'secret-value', 'pw');
		expect(calls[0]?.url).toBe('https://ca.example/api/v1/orders/ord%201/session');
		expect(calls[0]?.url).not.toContain('secret-value');
		expect(JSON.parse(String(calls[0]?.init.body))).toEqual({
			linkSecret: 'secret-value',
			pickupPassword: 'pw'
		});
		expect(calls[0]?.init.credentials).toBe('omit');
	});

	it('sends the session token as a bearer token', async () => {
		const { api, calls } = apiWith(() => json(200, { status: 'issued', chainPem: 'PEM' }));
		await api.requestCertificate('o', 'tok', { csr: 'CSR', agreementVersion: '1' });
		expect((calls[0]?.init.headers as Record<string, string>).authorization).toBe('Bearer tok');
	});

	it('reads a pending issuance', async () => {
		const { api } = apiWith(() =>
			json(202, { status: 'pending', retryAfterSeconds: 5 }, { 'retry-after': '5' })
		);
		expect(await api.fetchCertificate('o', { session: 't' })).toEqual({
			status: 'pending',
			retryAfterSeconds: 5
		});
	});

	it('takes the delay of a pending issuance from Retry-After when the body has none', async () => {
		const { api } = apiWith(() => json(202, { status: 'pending' }, { 'retry-after': '12' }));
		expect(await api.fetchCertificate('o', { session: 't' })).toEqual({
			status: 'pending',
			retryAfterSeconds: 12
		});
	});

	it('refuses a pending issuance that names no delay at all', async () => {
		const { api } = apiWith(() => json(202, { status: 'pending' }));
		expect(await failure(api.fetchCertificate('o', { session: 't' }))).toMatchObject({
			code: 'unexpected_response'
		});
	});

	it('fetches the certificate with the link secret after a restart, and acknowledges with the session', async () => {
		const { api, calls } = apiWith((url) =>
			url.endsWith('/collected')
				? new Response(null, { status: 204 })
				: json(200, { status: 'issued', chainPem: 'PEM' })
		);
		await api.fetchCertificate('o', { linkSecret: 'sec' });
		await api.acknowledgeCollected('o', 'tok');
		expect(
			calls.map((call) => (call.init.headers as Record<string, string>).authorization)
		).toEqual(['Link sec', 'Bearer tok']);
	});

	it('turns a problem into an ApiError with its code and attempts left', async () => {
		const { api } = apiWith(() => problem(401, { code: 'pickup_password_wrong', attemptsLeft: 3 }));
		const error = await failure(api.openSession('o', 's', 'p'));
		expect(error.code).toBe('pickup_password_wrong');
		expect(error.status).toBe(401);
		expect(error.attemptsLeft).toBe(3);
	});

	it('takes the retry delay of a rate limit from Retry-After', async () => {
		const { api } = apiWith(() => problem(429, { code: 'rate_limited' }, { 'retry-after': '30' }));
		expect((await failure(api.summary('o', 's'))).retryAfterSeconds).toBe(30);
	});

	describe('with the clock at a known time', () => {
		afterEach(() => vi.useRealTimers());

		it('reads a Retry-After date on a rate limit as seconds from now', async () => {
			vi.useFakeTimers({ toFake: ['Date'] });
			vi.setSystemTime(new Date('2026-11-26T12:00:00Z'));
			const { api } = apiWith(() =>
				problem(429, { code: 'rate_limited' }, { 'retry-after': 'Thu, 26 Nov 2026 12:00:40 GMT' })
			);
			expect((await failure(api.summary('o', 's'))).retryAfterSeconds).toBe(40);
		});
	});

	it("keeps the delay of a proxy's 503 that has no problem body", async () => {
		const { api } = apiWith(
			() => new Response('<html>down</html>', { status: 503, headers: { 'retry-after': '45' } })
		);
		const error = await failure(api.fetchCertificate('o', { session: 't' }));
		expect(error).toMatchObject({ code: 'unexpected_response', retryAfterSeconds: 45 });
		expect(toFlowError(error)).toMatchObject({ retryAfterSeconds: 45 });
		expect(isRetryable(toFlowError(error))).toBe(true);
	});

	it('passes on an unreachable CA as retryable with its delay, and a refusing CA as final', async () => {
		const { api } = apiWith(() =>
			problem(503, { code: 'ca_unavailable', retryAfterSeconds: 30 }, { 'retry-after': '30' })
		);
		const unavailable = await failure(api.fetchCertificate('o', { session: 't' }));
		expect(unavailable).toMatchObject({ code: 'ca_unavailable', retryAfterSeconds: 30 });
		expect(isRetryable(toFlowError(unavailable))).toBe(true);
		const refused = await failure(
			apiWith(() => problem(502, { code: 'ca_refused' })).api.fetchCertificate('o', {
				session: 't'
			})
		);
		expect(refused.code).toBe('ca_refused');
		expect(isRetryable(toFlowError(refused))).toBe(false);
	});

	it('reports a network failure as network', async () => {
		const { api } = apiWith(() => {
			throw new TypeError('Failed to fetch');
		});
		expect((await failure(api.summary('o', 's'))).code).toBe('network');
	});

	it.each([
		['a body that is not JSON', () => new Response('<html>proxy error</html>', { status: 200 })],
		['a summary without fields', () => json(200, { orderId: 'o' })],
		['an array instead of an object', () => json(200, [])],
		['an unknown issuance status', () => json(200, { status: 'maybe' })],
		['an error without a known code', () => problem(500, { code: 'kaboom' })],
		['an error page that is not JSON', () => new Response('Bad gateway', { status: 502 })]
	])('reports %s as unexpected_response', async (_, respond) => {
		const { api } = apiWith(respond);
		const call = _.includes('issuance')
			? api.fetchCertificate('o', { session: 't' })
			: api.summary('o', 's');
		expect((await failure(call)).code).toBe('unexpected_response');
	});
});
