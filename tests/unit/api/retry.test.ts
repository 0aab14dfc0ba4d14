import { describe, expect, it } from 'vitest';
import {
	parseRetryAfter,
	retryDelaySeconds,
	RETRY_CAP_SECONDS,
	RETRY_FLOOR_SECONDS,
	SERVER_DELAY_CAP_SECONDS,
	serverDelaySeconds
} from '../../../src/lib/api/retry.ts';

const NOW = new Date('2026-11-26T12:00:00Z');

describe('parseRetryAfter', () => {
	it('reads delay-seconds', () => {
		expect(parseRetryAfter('30', NOW)).toBe(30);
		expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
	});

	it('reads an HTTP-date in each of the three formats as seconds from now', () => {
		expect(parseRetryAfter('Thu, 26 Nov 2026 12:01:30 GMT', NOW)).toBe(90);
		expect(parseRetryAfter('Thursday, 26-Nov-26 12:00:45 GMT', NOW)).toBe(45);
		expect(parseRetryAfter('Thu Nov 26 12:02:00 2026', NOW)).toBe(120);
	});

	it('takes a date already past as "now"', () => {
		expect(parseRetryAfter('Thu, 26 Nov 2026 11:00:00 GMT', NOW)).toBe(0);
	});

	it('ignores what is neither', () => {
		for (const value of [
			null,
			'',
			'-5',
			'1.5',
			'soon',
			'Thu, 26 Nov 2026 12:01:30',
			'2026-11-26'
		]) {
			expect(parseRetryAfter(value, NOW), String(value)).toBeUndefined();
		}
	});
});

describe('serverDelaySeconds', () => {
	it('takes the delay of a 202, a 429 and a 503', () => {
		expect(serverDelaySeconds(202, undefined, '5', NOW)).toBe(5);
		expect(serverDelaySeconds(429, undefined, 'Thu, 26 Nov 2026 12:00:20 GMT', NOW)).toBe(20);
		expect(serverDelaySeconds(503, undefined, '60', NOW)).toBe(60);
	});

	it('ignores Retry-After on answers where it does not mean "ask again later"', () => {
		expect(serverDelaySeconds(500, 10, '10', NOW)).toBeUndefined();
		expect(serverDelaySeconds(200, 10, '10', NOW)).toBeUndefined();
	});

	it("prefers the body's retryAfterSeconds to the header", () => {
		expect(serverDelaySeconds(503, 7, '60', NOW)).toBe(7);
		expect(serverDelaySeconds(503, -1, '60', NOW)).toBe(60);
		expect(serverDelaySeconds(503, 'soon', '60', NOW)).toBe(60);
		expect(serverDelaySeconds(503, undefined, null, NOW)).toBeUndefined();
	});
});

describe('retryDelaySeconds', () => {
	it('draws our own backoff at random between the floor and 2^(failures − 1) seconds', () => {
		const lowest = (failures: number) => retryDelaySeconds({ failures, random: 0 });
		const highest = (failures: number) => retryDelaySeconds({ failures, random: 0.999999 });
		expect([1, 2, 3, 4, 5].map(lowest)).toEqual([1, 1, 1, 1, 1]);
		expect([1, 2, 3, 4, 5].map(highest)).toEqual([1, 2, 4, 8, 16]);
		expect(retryDelaySeconds({ failures: 5, random: 0.5 })).toBe(8);
	});

	it('stops growing at the cap', () => {
		expect(retryDelaySeconds({ failures: 30, random: 0.999999 })).toBe(RETRY_CAP_SECONDS);
		expect(retryDelaySeconds({ failures: 3000, random: 0.999999 })).toBe(RETRY_CAP_SECONDS);
	});

	it('never waits less than the server asked, spreading clients over our backoff on top', () => {
		expect(retryDelaySeconds({ failures: 0, serverDelaySeconds: 7, random: 0 })).toBe(7);
		expect(retryDelaySeconds({ failures: 0, serverDelaySeconds: 7, random: 0.5 })).toBe(8);
		expect(retryDelaySeconds({ failures: 4, serverDelaySeconds: 30, random: 0 })).toBe(30);
		expect(retryDelaySeconds({ failures: 4, serverDelaySeconds: 30, random: 0.999999 })).toBe(38);
	});

	it('keeps the floor when the server says "now", and caps what it asks', () => {
		expect(retryDelaySeconds({ failures: 0, serverDelaySeconds: 0, random: 0 })).toBe(
			RETRY_FLOOR_SECONDS
		);
		expect(retryDelaySeconds({ failures: 0, serverDelaySeconds: 10 ** 9, random: 0 })).toBe(
			SERVER_DELAY_CAP_SECONDS
		);
	});

	it('stays within its bounds for any draw', () => {
		for (let failures = 0; failures < 12; failures++) {
			for (const random of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999999]) {
				const own = retryDelaySeconds({ failures, random });
				const backoff = Math.min(RETRY_CAP_SECONDS, 2 ** Math.max(0, failures - 1));
				expect(own).toBeGreaterThanOrEqual(RETRY_FLOOR_SECONDS);
				expect(own).toBeLessThanOrEqual(Math.max(RETRY_FLOOR_SECONDS, backoff));
				const asked = retryDelaySeconds({ failures, serverDelaySeconds: 5, random });
				expect(asked).toBeGreaterThanOrEqual(5);
				expect(asked).toBeLessThanOrEqual(5 + backoff);
			}
		}
	});
});
