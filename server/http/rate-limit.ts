/**
 * Token buckets per key (client address, order id), in memory: limits are about slowing guessing
 * down, and a restart handing out a fresh minute of attempts is harmless next to the per-order
 * lockout, which is in the database.
 */
export class RateLimiter {
	readonly #capacity: number;
	readonly #perMs: number;
	readonly #buckets = new Map<string, { tokens: number; at: number }>();

	constructor(perMinute: number) {
		this.#capacity = perMinute;
		this.#perMs = perMinute / 60_000;
	}

	/** Takes one token; returns 0 when allowed, else the seconds until one is available. */
	take(key: string, now = Date.now()): number {
		if (this.#capacity === 0) return 0;
		const bucket = this.#buckets.get(key) ?? { tokens: this.#capacity, at: now };
		bucket.tokens = Math.min(this.#capacity, bucket.tokens + (now - bucket.at) * this.#perMs);
		bucket.at = now;
		if (this.#buckets.size > 100_000) this.#prune(now);
		this.#buckets.set(key, bucket);
		if (bucket.tokens >= 1) {
			bucket.tokens -= 1;
			return 0;
		}
		return Math.ceil((1 - bucket.tokens) / this.#perMs / 1000);
	}

	/** The seconds until `key` could take a token, without taking one: 0 when it could now. */
	wait(key: string, now = Date.now()): number {
		const bucket = this.#buckets.get(key);
		if (this.#capacity === 0 || !bucket) return 0;
		const tokens = Math.min(this.#capacity, bucket.tokens + (now - bucket.at) * this.#perMs);
		return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / this.#perMs / 1000);
	}

	/** Drops buckets that have refilled completely: they are equivalent to having none. */
	#prune(now: number): void {
		for (const [key, bucket] of this.#buckets) {
			if (bucket.tokens + (now - bucket.at) * this.#perMs >= this.#capacity)
				this.#buckets.delete(key);
		}
	}
}
