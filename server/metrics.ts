/**
 * Prometheus metrics for one app instance: requests, the pickup's outcomes, issuance latency,
 * lockouts, the outbox, and the process defaults. Each app has its own registry rather than
 * prom-client's global one, so tests (and a process serving several apps) keep them apart.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Context } from './context.ts';
import type { AnyProblemCode } from './problems.ts';
import type { OutboxStats } from './store/types.ts';

/** What an applicant achieved; refusals are counted by `refused` with their problem code. */
export type PickupOutcome = 'session_opened' | 'request_accepted' | 'collected';

export interface Metrics {
	readonly contentType: string;
	/** `route` is the route's pattern (`/api/v1/orders/:orderId/session`), never the raw path. */
	request(route: string, method: string, status: number, seconds: number): void;
	pickup(outcome: PickupOutcome): void;
	/** An order operation refused with this problem code. */
	refused(code: AnyProblemCode): void;
	/** A certificate stored `latencySeconds` after its request was received (delays included). */
	issued(latencySeconds: number): void;
	/** An order locked by wrong pickup passwords. */
	lockout(): void;
	/** The exposition text, with the outbox gauges set from `outbox` as of `now`. */
	exposition(outbox: OutboxStats[], now: Date): Promise<string>;
}

// Static files take milliseconds, an issuance through a remote CA seconds.
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
// From immediate issuance to a delayed one polled hours or a day later.
const ISSUANCE_BUCKETS = [
	0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400, 86400
];

/** Refusals that are outcomes of their own in the pickup counter. */
const REFUSAL_OUTCOMES: Partial<Record<AnyProblemCode, string>> = {
	pickup_password_wrong: 'pickup_password_wrong',
	order_locked: 'locked'
};

export function createMetrics(): Metrics {
	const registry = new Registry();
	collectDefaultMetrics({ register: registry });
	const requests = new Histogram({
		name: 'pickup_http_request_duration_seconds',
		help: 'HTTP requests by route pattern ("static" for the app), method and status, with their duration',
		labelNames: ['route', 'method', 'status'],
		buckets: REQUEST_BUCKETS,
		registers: [registry]
	});
	const outcomes = new Counter({
		name: 'pickup_outcomes_total',
		help: 'Pickup steps by outcome; for "refused" the problem code',
		labelNames: ['outcome', 'code'],
		registers: [registry]
	});
	const issuance = new Histogram({
		name: 'pickup_issuance_latency_seconds',
		help: 'From a certificate request received to its certificate issued',
		buckets: ISSUANCE_BUCKETS,
		registers: [registry]
	});
	const lockouts = new Counter({
		name: 'pickup_lockouts_total',
		help: 'Orders locked by wrong pickup passwords',
		registers: [registry]
	});
	const outboxMessages = new Gauge({
		name: 'pickup_outbox_messages',
		help: 'Outbox e-mails and webhook events: queued now; sent and failed in the last 24 hours',
		labelNames: ['kind', 'status'],
		registers: [registry]
	});
	const outboxAge = new Gauge({
		name: 'pickup_outbox_oldest_age_seconds',
		help: 'Age of the oldest outbox message by kind and status (queued: how far delivery lags)',
		labelNames: ['kind', 'status'],
		registers: [registry]
	});

	return {
		contentType: registry.contentType,
		request(route, method, status, seconds) {
			requests.observe({ route, method, status: String(status) }, seconds);
		},
		pickup(outcome) {
			outcomes.inc({ outcome, code: '' });
		},
		refused(code) {
			const outcome = REFUSAL_OUTCOMES[code];
			outcomes.inc(outcome ? { outcome, code: '' } : { outcome: 'refused', code });
		},
		issued(latencySeconds) {
			outcomes.inc({ outcome: 'issued', code: '' });
			issuance.observe(latencySeconds);
		},
		lockout() {
			lockouts.inc();
		},
		async exposition(outbox, now) {
			// Kinds and statuses that emptied out disappear instead of keeping their last value.
			outboxMessages.reset();
			outboxAge.reset();
			for (const { kind, status, count, oldestCreatedAt } of outbox) {
				outboxMessages.set({ kind, status }, count);
				if (oldestCreatedAt !== null)
					outboxAge.set(
						{ kind, status },
						Math.max(0, (now.getTime() - Date.parse(oldestCreatedAt)) / 1000)
					);
			}
			return registry.metrics();
		}
	};
}

/**
 * The exposition with the outbox measured now. A store that does not answer leaves the outbox
 * gauges out rather than the whole scrape: during an outage the other metrics matter most.
 */
export async function metricsText(
	ctx: Pick<Context, 'store' | 'metrics' | 'log' | 'now'>,
	requestId?: string
): Promise<string> {
	const now = ctx.now();
	let outbox: OutboxStats[] = [];
	try {
		outbox = await ctx.store.outboxStats(now);
	} catch (error) {
		ctx.log.warn({ requestId, err: error }, 'metrics without the outbox: the store did not answer');
	}
	return ctx.metrics.exposition(outbox, now);
}
