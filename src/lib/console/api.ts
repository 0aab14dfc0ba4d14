/**
 * Client of the operator console's API (docs/console-api.md). The session is an httpOnly cookie the
 * browser holds and sends (same origin only); every POST carries the session's CSRF token in
 * X-Console-CSRF. A 401 console_session_invalid tells `onSessionLost`, so the console can ask for
 * a sign-in again without leaving the screen.
 */
import { ConsoleProblem, problemFrom } from './problems.ts';
import type {
	ApiKeyEntry,
	CreateOrderBody,
	CreatedApiKey,
	CreatedInvite,
	CreatedOrder,
	Delivery,
	OrderDetails,
	OrderPage,
	OutboxEntry,
	PeopleList,
	Person,
	ResentLink,
	Role,
	SessionInfo
} from './types.ts';

type Fetch = typeof fetch;

export const CONSOLE_API_PATH = '/api/v1/console';

export interface ConsoleApiOptions {
	/** Origin (and path) of the API; the console's own origin by default. */
	baseUrl?: string;
	fetch?: Fetch;
	/** Called when the server says the session is missing or has ended. */
	onSessionLost?: (problem: ConsoleProblem) => void;
}

// The passkey ceremonies' JSON is handed to @simplewebauthn/browser as it comes.
export type CreationOptionsJSON = Record<string, unknown>;
export type RequestOptionsJSON = Record<string, unknown>;

export class ConsoleApi {
	readonly #base: string;
	readonly #fetch: Fetch;
	#csrfToken: string | null = null;
	onSessionLost: ((problem: ConsoleProblem) => void) | undefined;

	constructor(options: ConsoleApiOptions = {}) {
		this.#base = `${(options.baseUrl ?? '').replace(/\/+$/, '')}${CONSOLE_API_PATH}`;
		this.#fetch = options.fetch ?? ((...args) => fetch(...args));
		this.onSessionLost = options.onSessionLost;
	}

	get csrfToken(): string | null {
		return this.#csrfToken;
	}

	/** The token of a session opened or read elsewhere (sign-in, invite, GET /session). */
	useSession(csrfToken: string | null): void {
		this.#csrfToken = csrfToken;
	}

	// Sign-in and session.

	async inviteOptions(
		invite: string
	): Promise<{ name: string; role: Role; options: CreationOptionsJSON }> {
		return (await this.#post('/invites/options', { invite }, false)) as {
			name: string;
			role: Role;
			options: CreationOptionsJSON;
		};
	}

	async registerInvite(invite: string, response: unknown): Promise<SessionInfo> {
		const answer = (await this.#post('/invites/register', { invite, response }, false)) as {
			person: Person;
			csrfToken: string;
		};
		this.#csrfToken = answer.csrfToken;
		return answer;
	}

	async signInOptions(): Promise<RequestOptionsJSON> {
		const answer = (await this.#post('/sign-in/options', {}, false)) as {
			options: RequestOptionsJSON;
		};
		return answer.options;
	}

	async signIn(response: unknown): Promise<SessionInfo> {
		const answer = (await this.#post('/sign-in', { response }, false)) as SessionInfo;
		this.#csrfToken = answer.csrfToken;
		return answer;
	}

	async signOut(): Promise<void> {
		try {
			await this.#post('/sign-out', undefined, false);
		} finally {
			this.#csrfToken = null;
		}
	}

	/** The session the cookie opens, or null when there is none (no sign-in asked for yet). */
	async session(): Promise<SessionInfo | null> {
		try {
			const answer = (await this.#get('/session', false)) as SessionInfo;
			this.#csrfToken = answer.csrfToken;
			return answer;
		} catch (error) {
			if (error instanceof ConsoleProblem && error.status === 401) return null;
			throw error;
		}
	}

	// Orders (office and admin).

	async orders(query: { q?: string; status?: string; cursor?: string } = {}): Promise<OrderPage> {
		const params = new URLSearchParams();
		for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
		const search = params.size ? `?${params}` : '';
		return (await this.#get(`/orders${search}`)) as OrderPage;
	}

	async order(id: string): Promise<OrderDetails> {
		return orderOf(await this.#get(`/orders/${encodeURIComponent(id)}`));
	}

	async createOrder(body: CreateOrderBody): Promise<CreatedOrder> {
		return created(await this.#post('/orders', body));
	}

	async resend(id: string, delivery?: Delivery): Promise<ResentLink> {
		const answer = (await this.#post(
			`/orders/${encodeURIComponent(id)}/resend`,
			delivery ? { delivery } : {}
		)) as { order: unknown; link?: string };
		return { order: orderOf(answer), link: answer.link };
	}

	// Admin only: the server enforces it; the console only hides what a role cannot do.

	async unlock(id: string, reason: string): Promise<OrderDetails> {
		return orderOf(await this.#post(`/orders/${encodeURIComponent(id)}/unlock`, { reason }));
	}

	async cancel(id: string, reason?: string): Promise<OrderDetails> {
		return orderOf(
			await this.#post(`/orders/${encodeURIComponent(id)}/cancel`, reason ? { reason } : {})
		);
	}

	async reissue(
		id: string,
		body: { pickupPassword?: string; deadlineDays?: number }
	): Promise<CreatedOrder> {
		return created(await this.#post(`/orders/${encodeURIComponent(id)}/reissue`, body));
	}

	async people(): Promise<PeopleList> {
		return (await this.#get('/people')) as PeopleList;
	}

	async invite(name: string, role: Role): Promise<CreatedInvite> {
		return (await this.#post('/people/invites', { name, role })) as CreatedInvite;
	}

	async removePerson(id: string): Promise<void> {
		await this.#post(`/people/${encodeURIComponent(id)}/remove`, {});
	}

	async removePasskey(id: string): Promise<void> {
		await this.#post(`/passkeys/${encodeURIComponent(id)}/remove`, {});
	}

	async apiKeys(): Promise<ApiKeyEntry[]> {
		return ((await this.#get('/api-keys')) as { keys: ApiKeyEntry[] }).keys;
	}

	async createApiKey(name: string, scope: string): Promise<CreatedApiKey> {
		return (await this.#post('/api-keys', { name, scope })) as CreatedApiKey;
	}

	async revokeApiKey(id: string): Promise<void> {
		await this.#post(`/api-keys/${encodeURIComponent(id)}/revoke`, {});
	}

	async outbox(status?: 'queued' | 'failed'): Promise<OutboxEntry[]> {
		const search = status ? `?${new URLSearchParams({ status })}` : '';
		return ((await this.#get(`/outbox${search}`)) as { messages: OutboxEntry[] }).messages;
	}

	async retryMessage(id: string): Promise<OutboxEntry> {
		return (
			(await this.#post(`/outbox/${encodeURIComponent(id)}/retry`, {})) as {
				message: OutboxEntry;
			}
		).message;
	}

	// The wire.

	#get(path: string, reportLoss = true): Promise<unknown> {
		return this.#request('GET', path, undefined, reportLoss);
	}

	#post(path: string, json: unknown, reportLoss = true): Promise<unknown> {
		return this.#request('POST', path, json, reportLoss);
	}

	async #request(
		method: 'GET' | 'POST',
		path: string,
		json: unknown,
		reportLoss: boolean
	): Promise<unknown> {
		const headers: Record<string, string> = {
			accept: 'application/json, application/problem+json'
		};
		if (method === 'POST') {
			headers['content-type'] = 'application/json';
			if (this.#csrfToken) headers['x-console-csrf'] = this.#csrfToken;
		}
		let response: Response;
		try {
			response = await this.#fetch(`${this.#base}${path}`, {
				method,
				headers,
				body: method === 'POST' ? JSON.stringify(json ?? {}) : undefined,
				credentials: 'same-origin',
				cache: 'no-store'
			});
		} catch (cause) {
			throw new ConsoleProblem('network', 0, String(cause));
		}
		const text = await response.text().catch(() => '');
		let body: unknown = undefined;
		if (text) {
			try {
				body = JSON.parse(text);
			} catch {
				body = undefined;
			}
		}
		if (!response.ok) {
			const problem = problemFrom(response.status, body);
			if (problem.code === 'console_session_invalid') {
				this.#csrfToken = null;
				if (reportLoss) this.onSessionLost?.(problem);
			}
			throw problem;
		}
		return body;
	}
}

/** An order, whether the answer wraps it (`{order}`) or is it. */
function orderOf(body: unknown): OrderDetails {
	const record = body as { order?: OrderDetails } & OrderDetails;
	const order = record && typeof record.order === 'object' ? record.order : record;
	return { ...order, history: Array.isArray(order.history) ? order.history : [] };
}

function created(body: unknown): CreatedOrder {
	const answer = body as { order: unknown; link: string; pickupPassword?: string };
	return { order: orderOf(answer), link: answer.link, pickupPassword: answer.pickupPassword };
}
