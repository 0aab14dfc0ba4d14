/**
 * When to try a call again: the one place that reads the server's delay and turns it, or the
 * number of failures so far, into a wait. Many kiosks and tabs see the same outage and the same
 * 202, so every wait is jittered ("full jitter", AWS Architecture Blog, "Exponential Backoff And
 * Jitter") to keep them from coming back in step.
 */

/** Never ask again sooner than this, whatever the random draw or the server says. */
export const RETRY_FLOOR_SECONDS = 1;
/** Our own exponential backoff stops growing here. */
export const RETRY_CAP_SECONDS = 120;
/**
 * A server's delay is honoured up to this: a far-off date or a huge number (a misconfigured
 * proxy) must not park a pickup for days, nor overflow setTimeout.
 */
export const SERVER_DELAY_CAP_SECONDS = 3600;

/** The answers whose Retry-After means "ask again after this" (RFC 9110 §10.2.3, RFC 6585 §4). */
const DELAYING_STATUSES: ReadonlySet<number> = new Set([202, 429, 503]);

const DELAY_SECONDS = /^\d+$/;
const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC_850_DATE = /^[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME_DATE = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/**
 * A Retry-After value in seconds from `now`: delay-seconds or an HTTP-date in any of the three
 * formats a recipient must accept (RFC 9110 §5.6.7). A date in the past means "now" (0);
 * anything else unreadable is undefined.
 */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
	const text = value?.trim() ?? '';
	if (DELAY_SECONDS.test(text)) return Number(text);
	let date = Number.NaN;
	if (IMF_FIXDATE.test(text) || RFC_850_DATE.test(text)) date = Date.parse(text);
	// asctime() carries no zone; HTTP dates are always UTC.
	else if (ASCTIME_DATE.test(text)) date = Date.parse(`${text} GMT`);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}

/**
 * The delay a server asked for, if its answer is one that may carry one (202, 429, 503). The
 * body's `retryAfterSeconds` is the pickup API's own field and wins; the header is what proxies
 * and load balancers in front of it send.
 */
export function serverDelaySeconds(
	status: number,
	bodyDelay: unknown,
	header: string | null,
	now: Date
): number | undefined {
	if (!DELAYING_STATUSES.has(status)) return undefined;
	if (typeof bodyDelay === 'number' && Number.isFinite(bodyDelay) && bodyDelay >= 0) {
		return bodyDelay;
	}
	return parseRetryAfter(header, now);
}

export interface RetryAttempt {
	/** Failures in a row before this wait: 0 after a 202, 1 after the first failure, and so on. */
	failures: number;
	/** What the server asked for, when it did. */
	serverDelaySeconds?: number;
	/** In [0, 1): Math.random in the app, fixed in tests. */
	random: number;
}

/**
 * Whole seconds to wait. Without a server delay: a random wait between the floor and
 * 2^(failures − 1) seconds, capped. With one: never sooner than the server asked, plus a random
 * spread as wide as our own backoff would be, so clients told the same delay spread out.
 */
export function retryDelaySeconds({ failures, serverDelaySeconds, random }: RetryAttempt): number {
	const backoff = Math.min(RETRY_CAP_SECONDS, 2 ** Math.max(0, failures - 1));
	const jitter = random * backoff;
	if (serverDelaySeconds === undefined) {
		return Math.max(RETRY_FLOOR_SECONDS, Math.ceil(jitter));
	}
	const asked = Math.min(SERVER_DELAY_CAP_SECONDS, serverDelaySeconds);
	return Math.max(RETRY_FLOOR_SECONDS, Math.ceil(asked + jitter));
}
