/**
 * A small typed call protocol over postMessage between the page and a worker: the page calls a
 * method by name, the worker answers with its value or its error. Thrown PkiErrors cross as
 * PkiErrors (code and params kept), so the UI's localized texts work as when the code ran here.
 * Timings the worker measured during a call come back with the answer and join the page's
 * performance timeline, where `npm run bench` reads them.
 */
import { PkiError, type PkiErrorCode } from '../pki/errors.ts';

export interface RpcRequest {
	id: number;
	method: string;
	args: unknown[];
}

export interface TimedSpan {
	name: string;
	/** Milliseconds since the epoch: the worker's clock starts elsewhere than the page's. */
	startEpoch: number;
	duration: number;
}

export interface SentError {
	name: string;
	message: string;
	code?: string;
	params?: Record<string, string>;
}

export type RpcAnswer = { id: number; spans: TimedSpan[] } & (
	{ ok: true; value: unknown } | { ok: false; error: SentError }
);

/** The worker's first message: its code is loaded and it takes calls. */
export interface RpcReady {
	ready: true;
}

/** The worker's side: a global scope, or one end of a MessageChannel in tests. */
export interface RpcEndpoint {
	postMessage(message: unknown): void;
	addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/** Answers the page's calls with the methods of `handlers`, one answer per request. */
export function serveRpc(endpoint: RpcEndpoint, handlers: object): void {
	const methods = handlers as Record<string, unknown>;
	endpoint.addEventListener('message', async (event: MessageEvent<RpcRequest>) => {
		const { id, method, args } = event.data;
		const started = performance.now();
		let answer: RpcAnswer;
		try {
			const handler = Object.hasOwn(methods, method) ? methods[method] : undefined;
			if (typeof handler !== 'function') throw new TypeError(`no worker method ${method}`);
			const value: unknown = await handler(...args);
			answer = { id, ok: true, value, spans: spansSince(started) };
		} catch (error) {
			answer = { id, ok: false, error: sendableError(error), spans: spansSince(started) };
		}
		endpoint.postMessage(answer);
	});
	endpoint.postMessage({ ready: true } satisfies RpcReady);
}

function spansSince(started: number): TimedSpan[] {
	const measures = performance
		.getEntriesByType('measure')
		.filter((entry) => entry.startTime >= started);
	for (const { name } of measures) performance.clearMeasures(name);
	return measures.map((entry) => ({
		name: entry.name,
		startEpoch: performance.timeOrigin + entry.startTime,
		duration: entry.duration
	}));
}

function sendableError(error: unknown): SentError {
	if (error instanceof PkiError)
		return {
			name: error.name,
			message: error.message,
			code: error.code,
			params: { ...error.params }
		};
	if (error instanceof Error) return { name: error.name, message: error.message };
	return { name: 'Error', message: String(error) };
}

export function revivedError(sent: SentError): Error {
	if (sent.name === 'PkiError' && sent.code)
		return new PkiError(sent.code as PkiErrorCode, sent.message, { params: sent.params });
	return Object.assign(new Error(sent.message), { name: sent.name });
}
