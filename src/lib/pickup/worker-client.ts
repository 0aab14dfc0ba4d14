/**
 * The page's side of worker-rpc.ts: starts the worker on demand, matches answers to calls, ends
 * the worker when idle or when told to, and turns an interface into calls.
 */
import { revivedError, type RpcAnswer, type RpcReady, type RpcRequest } from './worker-rpc.ts';

/** The page's view of a worker (a Worker, or a MessagePort standing in for one in tests). */
export interface WorkerHandle {
	postMessage(message: RpcRequest): void;
	addEventListener(
		type: 'message',
		listener: (event: MessageEvent<RpcAnswer | RpcReady>) => void
	): void;
	addEventListener(type: 'error', listener: (event: Event) => void): void;
	terminate(): void;
}

/** The pending calls were cut off: another tab took the pickup over, or a kiosk session ended. */
export class WorkerStoppedError extends Error {
	constructor(reason: string) {
		super(`the crypto worker was stopped: ${reason}`);
		this.name = 'WorkerStoppedError';
	}
}

export interface WorkerClientOptions {
	/** A worker with no call pending for this long is ended; the next call starts a new one. */
	idleMilliseconds: number;
	setTimer?: (run: () => void, milliseconds: number) => unknown;
	clearTimer?: (timer: unknown) => void;
}

/**
 * Starts the worker on the first call (or `warm`), ends it when idle or on `stop`, and matches
 * answers to calls. A worker that fails (its script did not load, it crashed) is ended and its
 * pending calls rejected; the next call starts a fresh one.
 */
export class WorkerClient {
	readonly #start: () => WorkerHandle;
	readonly #idleMilliseconds: number;
	readonly #setTimer: NonNullable<WorkerClientOptions['setTimer']>;
	readonly #clearTimer: NonNullable<WorkerClientOptions['clearTimer']>;
	readonly #pending = new Map<
		number,
		{ resolve(value: unknown): void; reject(error: Error): void }
	>();
	#worker: WorkerHandle | null = null;
	/** What the running worker holds for later calls: it is not ended as idle meanwhile. */
	readonly #holding = new Set<string>();
	#idleTimer: unknown = null;
	#nextId = 1;

	constructor(start: () => WorkerHandle, options: WorkerClientOptions) {
		this.#start = start;
		this.#idleMilliseconds = options.idleMilliseconds;
		this.#setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
		this.#clearTimer =
			options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
	}

	get running(): boolean {
		return this.#worker !== null;
	}

	/** Starts the worker ahead of its first call, so its code loads while the applicant reads. */
	warm(): void {
		this.#running();
		this.#armIdleTimerIfIdle();
	}

	/** The running worker keeps `what` for later calls: it is not ended as idle until `letGo`. */
	hold(what: string): void {
		if (!this.#worker) return;
		this.#holding.add(what);
		this.#disarmIdleTimer();
	}

	holds(what: string): boolean {
		return this.#holding.has(what);
	}

	letGo(what: string): void {
		if (this.#holding.delete(what)) this.#armIdleTimerIfIdle();
	}

	call(method: string, args: unknown[]): Promise<unknown> {
		const worker = this.#running();
		this.#disarmIdleTimer();
		const id = this.#nextId++;
		const started = performance.now();
		return new Promise((resolve, reject) => {
			this.#pending.set(id, { resolve, reject });
			worker.postMessage({ id, method, args });
		}).finally(() => performance.measure(`crypto ${method}`, { start: started }));
	}

	/** Ends the worker now; pending calls fail with WorkerStoppedError. */
	stop(reason: string): void {
		this.#end(new WorkerStoppedError(reason));
	}

	#running(): WorkerHandle {
		if (this.#worker) return this.#worker;
		const startedAt = performance.now();
		const worker = this.#start();
		worker.addEventListener('message', (event) => {
			if (this.#worker !== worker) return;
			if ('ready' in event.data) performance.measure('crypto worker start', { start: startedAt });
			else this.#answered(event.data);
		});
		worker.addEventListener('error', (event) => {
			if (this.#worker !== worker) return;
			event.preventDefault();
			const message = (event as Partial<ErrorEvent>).message;
			const detail = message ? `: ${message}` : '';
			this.#end(new Error(`the crypto worker failed${detail}`));
		});
		this.#worker = worker;
		return worker;
	}

	#answered(answer: RpcAnswer): void {
		for (const span of answer.spans)
			performance.measure(span.name, {
				start: span.startEpoch - performance.timeOrigin,
				duration: span.duration
			});
		const call = this.#pending.get(answer.id);
		if (!call) return;
		this.#pending.delete(answer.id);
		if (answer.ok) call.resolve(answer.value);
		else call.reject(revivedError(answer.error));
		this.#armIdleTimerIfIdle();
	}

	#end(error: Error): void {
		this.#disarmIdleTimer();
		this.#worker?.terminate();
		this.#worker = null;
		this.#holding.clear();
		const pending = [...this.#pending.values()];
		this.#pending.clear();
		for (const call of pending) call.reject(error);
	}

	#armIdleTimerIfIdle(): void {
		if (this.#pending.size > 0 || this.#holding.size > 0) return;
		this.#disarmIdleTimer();
		this.#idleTimer = this.#setTimer(() => {
			this.#idleTimer = null;
			if (this.#pending.size === 0 && this.#holding.size === 0) {
				this.#end(new WorkerStoppedError('idle'));
			}
		}, this.#idleMilliseconds);
	}

	#disarmIdleTimer(): void {
		if (this.#idleTimer !== null) this.#clearTimer(this.#idleTimer);
		this.#idleTimer = null;
	}
}

/**
 * The methods of `Api` as calls through `client`. `methods` names every one: a Record over the
 * interface's keys, so a method added to the interface cannot be forgotten here.
 */
export function rpcPort<Api extends object>(
	client: WorkerClient,
	methods: Record<keyof Api & string, true>
): Api {
	const port: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
	for (const method of Object.keys(methods)) port[method] = (...args) => client.call(method, args);
	return port as Api;
}
