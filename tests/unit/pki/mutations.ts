/** Seeded mutations of a valid encoding, for the property tests of the parsers. */

/** mulberry32: small, seeded, so a failure can be replayed. */
function random(seed: number): () => number {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Truncated, bit-flipped, a structural byte replaced, rotated, or random bytes, in turn. */
export function* mutations(valid: Uint8Array, seed: number, count: number): Generator<Uint8Array> {
	const next = random(seed);
	const int = (n: number) => Math.floor(next() * n);
	for (let i = 0; i < count; i++) {
		const copy = valid.slice();
		switch (i % 5) {
			case 0:
				yield copy.subarray(0, int(copy.length));
				break;
			case 1:
				for (let flips = 1 + int(3); flips > 0; flips--) {
					const at = int(copy.length);
					copy[at] = (copy[at] ?? 0) ^ (1 << int(8));
				}
				yield copy;
				break;
			case 2: {
				// A structural byte (tag or length) near the start.
				copy[int(Math.min(64, copy.length))] = int(256);
				yield copy;
				break;
			}
			case 3: {
				const cut = int(copy.length);
				yield new Uint8Array([...copy.subarray(cut), ...copy.subarray(0, cut)]);
				break;
			}
			default:
				yield crypto.getRandomValues(new Uint8Array(1 + int(2048)));
		}
	}
}
