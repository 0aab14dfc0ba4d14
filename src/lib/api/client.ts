import { ApiError } from './errors.ts';
import { serverDelaySeconds } from './retry.ts';
import { isRecord, requireFields, unexpected } from './validate.ts';
import type {
	CertificateRequestBody,
	IssuanceResult,
	OrderSummary,
	Problem,
	SessionGrant
} from './types.ts';
import { isProblemCode } from '../domain/problem-codes.ts';

type Fetch = typeof fetch;

/** A successful answer, with the delay the server asked for before the next call (202). */
interface Answer {
	body: unknown;
	retryAfterSeconds: number | undefined;
}

/**
 * How a call proves it may act on the order: the session a correct pickup password opened, or,
 * for reading the issued (public) certificate after the app was closed, the link secret from the
 * e-mail.
 */
export type Credential = { session: string } | { linkSecret: string };

function authorization(credential: Credential): string {
	return 'session' in credential ? `Bearer ${credential.session}` : `Link ${credential.linkSecret}`;
}

/** Client of the pickup API (docs/api.md). One instance per API base URL. */
export class PickupApi {
	readonly #base: string;
	readonly #fetch: Fetch;

	constructor(baseUrl: string, fetchImpl: Fetch = (...args) => fetch(...args)) {
		this.#base = baseUrl.replace(/\/+$/, '');
		this.#fetch = fetchImpl;
	}

	async summary(orderId: string, linkSecret: string): Promise<OrderSummary> {
		const body = await this.#call('POST', orderPath(orderId, 'summary'), { linkSecret });
		return requireFields<OrderSummary>(
			body,
			{
				orderId: 'string',
				status: 'string',
				product: 'object',
				subject: 'object',
				subjectAltNames: 'object',
				validityMonths: 'number',
				issuer: 'string',
				pickupDeadline: 'string',
				keyPolicy: 'object',
				passwordPolicy: 'object',
				agreement: 'object',
				pickupAttemptsLeft: 'number'
			},
			'order summary'
		);
	}

	async openSession(
		orderId: string,
		linkSecret: string,
		pickupPassword: string
	): Promise<SessionGrant> {
		const body = await this.#call('POST', orderPath(orderId, 'session'), {
			linkSecret,
			pickupPassword
		});
		return requireFields<SessionGrant>(
			body,
			{ sessionToken: 'string', expiresAt: 'string' },
			'session'
		);
	}

	async requestCertificate(
		orderId: string,
		sessionToken: string,
		request: CertificateRequestBody
	): Promise<IssuanceResult> {
		return issuanceResult(
			await this.#answer('POST', orderPath(orderId, 'certificate-request'), request, {
				session: sessionToken
			})
		);
	}

	async fetchCertificate(orderId: string, credential: Credential): Promise<IssuanceResult> {
		return issuanceResult(
			await this.#answer('GET', orderPath(orderId, 'certificate'), undefined, credential)
		);
	}

	async acknowledgeCollected(orderId: string, sessionToken: string): Promise<void> {
		await this.#call('POST', orderPath(orderId, 'collected'), undefined, { session: sessionToken });
	}

	async #call(
		method: 'GET' | 'POST',
		path: string,
		json?: unknown,
		credential?: Credential
	): Promise<unknown> {
		return (await this.#answer(method, path, json, credential)).body;
	}

	async #answer(
		method: 'GET' | 'POST',
		path: string,
		json?: unknown,
		credential?: Credential
	): Promise<Answer> {
		const headers: Record<string, string> = {
			accept: 'application/json, application/problem+json'
		};
		if (json !== undefined) headers['content-type'] = 'application/json';
		if (credential) headers.authorization = authorization(credential);
		let response: Response;
		try {
			response = await this.#fetch(this.#base + path, {
				method,
				headers,
				body: json === undefined ? undefined : JSON.stringify(json),
				credentials: 'omit',
				cache: 'no-store',
				referrerPolicy: 'no-referrer'
			});
		} catch (cause) {
			throw new ApiError('network', `The pickup server could not be reached: ${String(cause)}`);
		}
		if (response.status === 204) return { body: null, retryAfterSeconds: undefined };
		const body = await readJson(response);
		const retryAfterSeconds = serverDelaySeconds(
			response.status,
			isRecord(body) ? body.retryAfterSeconds : undefined,
			response.headers.get('retry-after'),
			new Date()
		);
		if (response.ok) return { body, retryAfterSeconds };
		throw problemError(response, body, retryAfterSeconds);
	}
}

function orderPath(orderId: string, action: string): string {
	return `/api/v1/orders/${encodeURIComponent(orderId)}/${action}`;
}

async function readJson(response: Response): Promise<unknown> {
	const text = await response.text();
	if (text === '') return null;
	try {
		return JSON.parse(text);
	} catch {
		if (!response.ok) return null;
		throw unexpected(`HTTP ${response.status} with a body that is not JSON`);
	}
}

function problemError(
	response: Response,
	body: unknown,
	retryAfterSeconds: number | undefined
): ApiError {
	const problem = isRecord(body) ? (body as Partial<Problem>) : {};
	const details = {
		status: response.status,
		attemptsLeft: typeof problem.attemptsLeft === 'number' ? problem.attemptsLeft : undefined,
		retryAfterSeconds
	};
	if (isProblemCode(problem.code)) {
		return new ApiError(problem.code, problem.detail ?? problem.title ?? problem.code, details);
	}
	return new ApiError(
		'unexpected_response',
		`HTTP ${response.status} without a known problem code`,
		details
	);
}

function issuanceResult({ body, retryAfterSeconds }: Answer): IssuanceResult {
	const result = requireFields<{ status: string }>(body, { status: 'string' }, 'issuance result');
	if (result.status === 'issued') {
		return requireFields<IssuanceResult>(body, { chainPem: 'string' }, 'issued certificate');
	}
	if (result.status === 'pending') {
		if (retryAfterSeconds === undefined) throw unexpected('pending issuance without a retry delay');
		return { status: 'pending', retryAfterSeconds };
	}
	throw unexpected(`unknown issuance status "${result.status}"`);
}
