/**
 * A closed-loop load generator over keep-alive HTTP/1.1: `clients` workers each run one job after
 * another until the jobs run out, recording every request's latency. node:http rather than fetch
 * keeps the generator's own CPU use low, since it shares the machine with the server it measures.
 */
import { Agent, request } from 'node:http';

export interface Reply {
	status: number;
	body: string;
}

export class Client {
	readonly #agent: Agent;
	readonly #base: URL;
	readonly latencies: number[] = [];
	errors = 0;

	constructor(baseUrl: string, sockets: number) {
		this.#base = new URL(baseUrl);
		// A socket left idle while the next run's orders are made is closed by the server after its
		// 5 s keep-alive timeout, and a job that reuses it just then failed with ECONNRESET: the
		// agent drops idle sockets first.
		this.#agent = new Agent({ keepAlive: true, maxSockets: sockets, timeout: 4_000 });
	}

	/** One request; a status other than `expect` counts as an error and throws. */
	async call(
		method: string,
		path: string,
		expect: number,
		body?: unknown,
		token?: string,
		extraHeaders: Record<string, string> = {}
	): Promise<Reply> {
		const payload = body === undefined ? undefined : JSON.stringify(body);
		const headers: Record<string, string> = { ...extraHeaders };
		if (payload !== undefined) headers['content-type'] = 'application/json';
		if (token) headers.authorization = `Bearer ${token}`;
		const started = performance.now();
		const reply = await new Promise<Reply>((resolve, reject) => {
			const req = request(
				{
					host: this.#base.hostname,
					port: this.#base.port,
					method,
					path,
					headers,
					agent: this.#agent
				},
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (chunk: Buffer) => chunks.push(chunk));
					res.on('end', () =>
						resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() })
					);
					res.on('error', reject);
				}
			);
			req.on('error', reject);
			req.end(payload);
		});
		this.latencies.push(performance.now() - started);
		if (reply.status !== expect) {
			this.errors++;
			throw new Error(`${method} ${path}: ${reply.status} ${reply.body.slice(0, 200)}`);
		}
		return reply;
	}

	close(): void {
		this.#agent.destroy();
	}
}

export interface RunResult {
	jobs: number;
	seconds: number;
	jobLatencies: number[];
	errors: string[];
}

/**
 * Runs every job with at most `clients` in flight. Without a rate the clients run back to back
 * (closed loop: the highest throughput). With `perSecond`, job i is due at start + i / perSecond
 * (open loop: latency at a given load), and its latency counts from when it was due, so a job that
 * waited for a free client is not reported as fast (no coordinated omission).
 */
export async function runJobs<T>(
	jobs: T[],
	clients: number,
	job: (item: T) => Promise<void>,
	perSecond?: number
): Promise<RunResult> {
	const jobLatencies: number[] = [];
	const errors: string[] = [];
	const started = performance.now();
	let next = 0;
	await Promise.all(
		Array.from({ length: clients }, async () => {
			while (next < jobs.length) {
				const index = next++;
				const due = perSecond ? started + (index * 1000) / perSecond : performance.now();
				const wait = due - performance.now();
				if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
				try {
					await job(jobs[index] as T);
					jobLatencies.push(performance.now() - due);
				} catch (error) {
					errors.push(String(error));
				}
			}
		})
	);
	return { jobs: jobs.length, seconds: (performance.now() - started) / 1000, jobLatencies, errors };
}

export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
