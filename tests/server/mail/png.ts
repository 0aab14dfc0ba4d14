/**
 * Just enough of a PNG decoder for the QR code the mail carries (8 bits a channel, not
 * interlaced), so the test reads the image as a mail client would, without another dependency.
 */
import { inflateSync } from 'node:zlib';

export interface RgbaImage {
	data: Uint8ClampedArray;
	width: number;
	height: number;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// Channels per pixel by colour type: grey, RGB, grey and alpha, RGBA (palettes are not needed).
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

export function decodePng(png: Buffer): RgbaImage {
	if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
	let width = 0;
	let height = 0;
	let channels = 0;
	const compressed: Buffer[] = [];
	for (let offset = 8; offset < png.length;) {
		const length = png.readUInt32BE(offset);
		const type = png.toString('latin1', offset + 4, offset + 8);
		const data = png.subarray(offset + 8, offset + 8 + length);
		offset += 12 + length;
		if (type === 'IHDR') {
			width = data.readUInt32BE(0);
			height = data.readUInt32BE(4);
			channels = CHANNELS[data[9] ?? -1] ?? 0;
			if (data[8] !== 8 || data[12] !== 0 || channels === 0)
				throw new Error('only 8-bit, non-interlaced grey or RGB(A) PNGs are read here');
		} else if (type === 'IDAT') compressed.push(data);
	}
	const samples = unfilter(
		inflateSync(Buffer.concat(compressed)),
		width * channels,
		height,
		channels
	);
	const rgba = new Uint8ClampedArray(width * height * 4);
	for (let pixel = 0; pixel < width * height; pixel++) {
		const at = pixel * channels;
		const grey = channels < 3;
		rgba[pixel * 4] = samples[at] ?? 0;
		rgba[pixel * 4 + 1] = samples[grey ? at : at + 1] ?? 0;
		rgba[pixel * 4 + 2] = samples[grey ? at : at + 2] ?? 0;
		rgba[pixel * 4 + 3] = channels % 2 === 0 ? (samples[at + channels - 1] ?? 0) : 255;
	}
	return { data: rgba, width, height };
}

/** Undoes the per-row filters of PNG (RFC 2083 section 6). */
function unfilter(raw: Buffer, stride: number, height: number, bytesPerPixel: number): Uint8Array {
	const out = new Uint8Array(stride * height);
	for (let row = 0; row < height; row++) {
		const filter = raw[row * (stride + 1)];
		const line = raw.subarray(row * (stride + 1) + 1, (row + 1) * (stride + 1));
		const start = row * stride;
		for (let x = 0; x < stride; x++) {
			const left = x >= bytesPerPixel ? (out[start + x - bytesPerPixel] ?? 0) : 0;
			const up = row > 0 ? (out[start - stride + x] ?? 0) : 0;
			const upLeft =
				row > 0 && x >= bytesPerPixel ? (out[start - stride + x - bytesPerPixel] ?? 0) : 0;
			const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter ?? -1];
			if (predictor === undefined) throw new Error(`unknown PNG filter ${filter}`);
			out[start + x] = ((line[x] ?? 0) + predictor) & 0xff;
		}
	}
	return out;
}

function paeth(left: number, up: number, upLeft: number): number {
	const estimate = left + up - upLeft;
	const toLeft = Math.abs(estimate - left);
	const toUp = Math.abs(estimate - up);
	const toUpLeft = Math.abs(estimate - upLeft);
	if (toLeft <= toUp && toLeft <= toUpLeft) return left;
	return toUp <= toUpLeft ? up : upLeft;
}
