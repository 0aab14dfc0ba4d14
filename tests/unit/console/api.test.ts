import { describe, expect, it, vi } from 'vitest';
import { ConsoleApi } from '../../../src/lib/console/api.ts';
import { ConsoleProblem } from '../../../src/lib/console/problems.ts';

type Call = { url: string; init: RequestInit };

function fakeServer(answer: (call: Call) => Response) {
	const calls: Call[] = [];
	const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
		const call = { url: String(url), init: init ?? {} };
		calls.push(call);
		return answer(call);
	});
	return { calls, fetch: fetch as unknown as typeof globalThis.fetch };
}

const json = (status: number, body: unknown, type = 'application/json') =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

const SESSION = {
	person: { id: 'p1', name: 'Leuven office', role: 'office' },
	csrfToken: 'csrf-123'
};

describe('the console API client', () => {
	it('sends the session cookie same-origin and the CSRF token with every POST', async () => {
		const server = fakeServer(({ url }) =>
			url.endsWith('/session')
				? json(200, SESSION)
				: json(201, { order: { id: 'o1', history: [] }, link: 'https://x/pickup#o=o1&s=s' })
		);
		const api = new ConsoleApi({ fetch: server.fetch });
		await api.session();
		await api.createOrder({
			productId: 'personal-sign-pro',
			commonName: 'Jan Peeters',
			email: 'jan@example.be',
			locale: 'nl',
			delivery: 'link'
		});
		const [read, create] = server.calls;
		expect(read!.url).toBe('/api/v1/console/session');
		expect(read!.init.credentials).toBe('same-origin');
		expect(create!.url).toBe('/api/v1/console/orders');
		expect(create!.init.method).toBe('POST');
		expect(create!.init.credentials).toBe('same-origin');
		expect((create!.init.headers as Record<string, string>)['x-console-csrf']).toBe('csrf-123');
		expect(JSON.parse(String(create!.init.body))).toMatchObject({ delivery: 'link', locale: 'nl' });
	});

	it('tells the console when the session has ended, and forgets its token', async () => {
		const server = fakeServer(({ url }) =>
			url.endsWith('/session')
				? json(200, SESSION)
				: json(401, { code: 'console_session_invalid', status: 401 }, 'application/problem+json')
		);
		const lost = vi.fn();
		const api = new ConsoleApi({ fetch: server.fetch, onSessionLost: lost });
		await api.session();
		await expect(api.orders({ q: 'Jan' })).rejects.toMatchObject({
			code: 'console_session_invalid'
		});
		expect(server.calls[1]!.url).toBe('/api/v1/console/orders?q=Jan');
		expect(lost).toHaveBeenCalledOnce();
		expect(api.csrfToken).toBeNull();
	});

	it('reads no session as none, without calling it lost', async () => {
		const server = fakeServer(() => json(401, { code: 'console_session_invalid' }));
		const lost = vi.fn();
		const api = new ConsoleApi({ fetch: server.fetch, onSessionLost: lost });
		expect(await api.session()).toBeNull();
		expect(lost).not.toHaveBeenCalled();
	});

	it('turns a refusal into a ConsoleProblem with its field, and a failed fetch into network', async () => {
		const refusing = new ConsoleApi({
			fetch: fakeServer(() => json(422, { code: 'order_invalid', field: 'email', detail: 'bad' }))
				.fetch
		});
		await expect(
			refusing.createOrder({
				productId: 'personal-sign-pro',
				commonName: 'x',
				locale: 'en',
				delivery: 'email'
			})
		).rejects.toMatchObject({ code: 'order_invalid', field: 'email', status: 422 });
		const offline = new ConsoleApi({
			fetch: (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch
		});
		const failure = await offline.people().catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(ConsoleProblem);
		expect((failure as ConsoleProblem).code).toBe('network');
	});

	it('reads an order whether or not the answer wraps it', async () => {
		const order = { id: 'o1', status: 'locked', history: [{ event: 'order_created' }] };
		const plain = new ConsoleApi({ fetch: fakeServer(() => json(200, order)).fetch });
		expect((await plain.order('o1')).status).toBe('locked');
		const wrapped = new ConsoleApi({ fetch: fakeServer(() => json(200, { order })).fetch });
		expect((await wrapped.unlock('o1', 'identity checked')).history).toHaveLength(1);
	});
});
