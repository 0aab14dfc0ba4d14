/**
 * A QR code encoder for the pickup sheet (ISO/IEC 18004): byte mode, error correction level M,
 * versions 1 to 10 (up to 213 bytes, far more than a pickup link). The console's own: sharing a QR
 * library with the kiosk's decoder (@nuintun/qrcode) split that library's chunk in two and made
 * every kiosk load more, and the CommonJS `qrcode` package put the bundler's interop helpers in the
 * chunk every applicant loads first. tests/unit/console/pickup-sheet.test.ts reads its codes back
 * with the kiosk's decoder.
 */

/** Level M's blocks per version: error correction codewords a block, and the data of each block. */
const VERSIONS: readonly { ec: number; blocks: readonly number[]; align: readonly number[] }[] = [
	{ ec: 10, blocks: [16], align: [] },
	{ ec: 16, blocks: [28], align: [6, 18] },
	{ ec: 26, blocks: [44], align: [6, 22] },
	{ ec: 18, blocks: [32, 32], align: [6, 26] },
	{ ec: 24, blocks: [43, 43], align: [6, 30] },
	{ ec: 16, blocks: [27, 27, 27, 27], align: [6, 34] },
	{ ec: 18, blocks: [31, 31, 31, 31], align: [6, 22, 38] },
	{ ec: 22, blocks: [38, 38, 39, 39], align: [6, 24, 42] },
	{ ec: 22, blocks: [36, 36, 36, 37, 37], align: [6, 26, 46] },
	{ ec: 26, blocks: [43, 43, 43, 43, 44], align: [6, 28, 50] }
];

/** The code's modules, row by row: true is dark. */
export interface QrMatrix {
	size: number;
	dark(x: number, y: number): boolean;
}

// GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
for (
	let i = 0, value = 1;
	i < 255;
	i++, value = value & 0x80 ? ((value << 1) ^ 0x11d) & 0xff : value << 1
) {
	EXP[i] = value;
	LOG[value] = i;
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;

const multiply = (a: number, b: number) => (a && b ? EXP[LOG[a]! + LOG[b]!]! : 0);

/** The error correction codewords of one block: the remainder by the generator polynomial. */
function reedSolomon(data: readonly number[], degree: number): number[] {
	let generator = [1];
	for (let i = 0; i < degree; i++) {
		const next = new Array<number>(generator.length + 1).fill(0);
		generator.forEach((coefficient, j) => {
			next[j] = next[j]! ^ coefficient;
			next[j + 1] = next[j + 1]! ^ multiply(coefficient, EXP[i]!);
		});
		generator = next;
	}
	const remainder = new Array<number>(degree).fill(0);
	for (const byte of data) {
		const factor = byte ^ remainder.shift()!;
		remainder.push(0);
		for (let j = 0; j < degree; j++)
			remainder[j] = remainder[j]! ^ multiply(generator[j + 1]!, factor);
	}
	return remainder;
}

/** The codewords to place: data and error correction, each interleaved across the blocks. */
function codewords(bytes: Uint8Array): { version: number; words: number[] } {
	const index = VERSIONS.findIndex(({ blocks }, i) => {
		const capacity = blocks.reduce((all, size) => all + size, 0) * 8;
		return 4 + (i < 9 ? 8 : 16) + bytes.length * 8 <= capacity;
	});
	if (index === -1) throw new Error(`a QR code of version 10 holds at most 213 bytes`);
	const { ec, blocks } = VERSIONS[index]!;
	const capacity = blocks.reduce((all, size) => all + size, 0);
	const bits: number[] = [];
	const put = (value: number, length: number) => {
		for (let bit = length - 1; bit >= 0; bit--) bits.push((value >>> bit) & 1);
	};
	put(0b0100, 4);
	put(bytes.length, index < 9 ? 8 : 16);
	for (const byte of bytes) put(byte, 8);
	put(0, Math.min(4, capacity * 8 - bits.length));
	put(0, (8 - (bits.length % 8)) % 8);
	const data: number[] = [];
	for (let i = 0; i < bits.length; i += 8)
		data.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
	for (let pad = 0xec; data.length < capacity; pad ^= 0xec ^ 0x11) data.push(pad);

	const dataBlocks: number[][] = [];
	let offset = 0;
	for (const size of blocks) {
		dataBlocks.push(data.slice(offset, offset + size));
		offset += size;
	}
	const ecBlocks = dataBlocks.map((block) => reedSolomon(block, ec));
	const words: number[] = [];
	for (let i = 0; i < Math.max(...blocks); i++)
		for (const block of dataBlocks) if (i < block.length) words.push(block[i]!);
	for (let i = 0; i < ec; i++) for (const block of ecBlocks) words.push(block[i]!);
	return { version: index + 1, words };
}

const MASKS: readonly ((x: number, y: number) => boolean)[] = [
	(x, y) => (x + y) % 2 === 0,
	(_x, y) => y % 2 === 0,
	(x) => x % 3 === 0,
	(x, y) => (x + y) % 3 === 0,
	(x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
	(x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
	(x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
	(x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0
];

class Grid {
	readonly modules: boolean[][];
	readonly reserved: boolean[][];

	constructor(readonly size: number) {
		this.modules = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
		this.reserved = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
	}

	/** A module of a function pattern (finder, timing, alignment, format, version). */
	fixed(x: number, y: number, dark: boolean): void {
		this.modules[y]![x] = dark;
		this.reserved[y]![x] = true;
	}
}

function drawFunctionPatterns(grid: Grid, version: number): void {
	const { size } = grid;
	for (let i = 0; i < size; i++) {
		grid.fixed(6, i, i % 2 === 0);
		grid.fixed(i, 6, i % 2 === 0);
	}
	for (const [cx, cy] of [
		[3, 3],
		[size - 4, 3],
		[3, size - 4]
	] as const) {
		for (let dy = -4; dy <= 4; dy++)
			for (let dx = -4; dx <= 4; dx++) {
				const [x, y] = [cx + dx, cy + dy];
				const distance = Math.max(Math.abs(dx), Math.abs(dy));
				if (x >= 0 && x < size && y >= 0 && y < size)
					grid.fixed(x, y, distance !== 2 && distance !== 4);
			}
	}
	const align = VERSIONS[version - 1]!.align;
	for (const cx of align)
		for (const cy of align) {
			const last = align.at(-1);
			if ((cx === 6 && cy === 6) || (cx === 6 && cy === last) || (cx === last && cy === 6))
				continue;
			for (let dy = -2; dy <= 2; dy++)
				for (let dx = -2; dx <= 2; dx++)
					grid.fixed(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
		}
	drawFormat(grid, 0);
	if (version >= 7) {
		let remainder = version;
		for (let i = 0; i < 12; i++) remainder = (remainder << 1) ^ ((remainder >>> 11) * 0x1f25);
		const bits = (version << 12) | remainder;
		for (let i = 0; i < 18; i++) {
			const dark = ((bits >>> i) & 1) === 1;
			const [a, b] = [size - 11 + (i % 3), Math.floor(i / 3)];
			grid.fixed(a, b, dark);
			grid.fixed(b, a, dark);
		}
	}
}

/** The format information (level M and the mask), in both of its places, and the dark module. */
function drawFormat(grid: Grid, mask: number): void {
	const { size } = grid;
	const data = mask; // Level M's two bits are 00.
	let remainder = data;
	for (let i = 0; i < 10; i++) remainder = (remainder << 1) ^ ((remainder >>> 9) * 0x537);
	const bits = ((data << 10) | remainder) ^ 0x5412;
	const bit = (i: number) => ((bits >>> i) & 1) === 1;
	for (let i = 0; i <= 5; i++) grid.fixed(8, i, bit(i));
	grid.fixed(8, 7, bit(6));
	grid.fixed(8, 8, bit(7));
	grid.fixed(7, 8, bit(8));
	for (let i = 9; i < 15; i++) grid.fixed(14 - i, 8, bit(i));
	for (let i = 0; i < 8; i++) grid.fixed(size - 1 - i, 8, bit(i));
	for (let i = 8; i < 15; i++) grid.fixed(8, size - 15 + i, bit(i));
	grid.fixed(8, size - 8, true);
}

function placeCodewords(grid: Grid, words: readonly number[]): void {
	const { size } = grid;
	let i = 0;
	for (let right = size - 1; right >= 1; right -= 2) {
		if (right === 6) right = 5;
		const upward = ((right + 1) & 2) === 0;
		for (let vertical = 0; vertical < size; vertical++)
			for (let j = 0; j < 2; j++) {
				const x = right - j;
				const y = upward ? size - 1 - vertical : vertical;
				if (grid.reserved[y]![x] || i >= words.length * 8) continue;
				grid.modules[y]![x] = ((words[i >>> 3]! >>> (7 - (i & 7))) & 1) === 1;
				i++;
			}
	}
}

function applyMask(grid: Grid, mask: number): void {
	const test = MASKS[mask]!;
	for (let y = 0; y < grid.size; y++)
		for (let x = 0; x < grid.size; x++)
			if (!grid.reserved[y]![x] && test(x, y)) grid.modules[y]![x] = !grid.modules[y]![x];
}

/** The standard's penalty: runs, 2×2 blocks, finder-like patterns and the balance of dark. */
function penalty(modules: readonly boolean[][]): number {
	const size = modules.length;
	let score = 0;
	const lines: boolean[][] = [];
	for (let i = 0; i < size; i++) {
		lines.push(modules[i]!);
		lines.push(modules.map((row) => row[i]!));
	}
	const finderLike = /(?:^|0000)1011101|1011101(?:0000|$)/g;
	for (const line of lines) {
		let run = 1;
		for (let i = 1; i <= size; i++) {
			if (i < size && line[i] === line[i - 1]) run++;
			else {
				if (run >= 5) score += run - 2;
				run = 1;
			}
		}
		score +=
			(line
				.map((dark) => (dark ? '1' : '0'))
				.join('')
				.match(finderLike)?.length ?? 0) * 40;
	}
	let dark = 0;
	for (let y = 0; y < size; y++)
		for (let x = 0; x < size; x++) {
			if (modules[y]![x]) dark++;
			if (
				x < size - 1 &&
				y < size - 1 &&
				modules[y]![x] === modules[y]![x + 1] &&
				modules[y]![x] === modules[y + 1]![x] &&
				modules[y]![x] === modules[y + 1]![x + 1]
			)
				score += 3;
		}
	score += Math.floor(Math.abs((dark * 20) / (size * size) - 10)) * 10;
	return score;
}

/**
 * The QR code of `text`, with the mask the standard's penalty prefers. Its bytes are UTF-8 without an
 * ECI header, which readers take as Latin-1: meant for ASCII, as a pickup link is.
 */
export function encodeQr(text: string): QrMatrix {
	const { version, words } = codewords(new TextEncoder().encode(text));
	const size = 17 + 4 * version;
	let best: Grid | null = null;
	let bestScore = Infinity;
	for (let mask = 0; mask < 8; mask++) {
		const grid = new Grid(size);
		drawFunctionPatterns(grid, version);
		placeCodewords(grid, words);
		applyMask(grid, mask);
		drawFormat(grid, mask);
		const score = penalty(grid.modules);
		if (score < bestScore) [best, bestScore] = [grid, score];
	}
	const modules = best!.modules;
	return { size, dark: (x, y) => modules[y]![x]! };
}
