/**
 * A QR code as camera input: a grey picture of it, and a Y4M video of such pictures for Chromium's
 * fake camera (`--use-file-for-fake-video-capture`).
 */
import { writeFile } from 'node:fs/promises';
import QRCode from 'qrcode';

const WHITE = 235;
const BLACK = 16;
// The quiet zone the QR standard asks for around the code, in modules.
const QUIET_MODULES = 4;

/** Where the code sits in the picture: smaller than the largest that fits, and off centre. */
export interface Placement {
	/** Pixels taken off the largest module size that fits. */
	shrink: number;
	dx: number;
	dy: number;
}

const CENTRED: Placement = { shrink: 0, dx: 0, dy: 0 };

/** One byte of brightness a pixel: the QR code with its quiet zone, large and centred by default. */
export function qrPicture(
	text: string,
	width: number,
	height: number,
	placement: Placement = CENTRED
): Uint8Array {
	const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
	const largest = Math.floor((Math.min(width, height) * 0.9) / (modules.size + 2 * QUIET_MODULES));
	const moduleSize = Math.max(2, largest - placement.shrink);
	const codeSize = moduleSize * modules.size;
	const left = Math.floor((width - codeSize) / 2) + placement.dx;
	const top = Math.floor((height - codeSize) / 2) + placement.dy;
	const picture = new Uint8Array(width * height).fill(WHITE);
	for (let row = 0; row < modules.size; row++) {
		for (let column = 0; column < modules.size; column++) {
			if (!modules.get(row, column)) continue;
			for (let y = 0; y < moduleSize; y++) {
				const start = (top + row * moduleSize + y) * width + left + column * moduleSize;
				picture.fill(BLACK, start, start + moduleSize);
			}
		}
	}
	return picture;
}

/** The same picture as RGBA, what a canvas hands the decoder. */
export function qrRgba(
	text: string,
	width: number,
	height: number,
	placement: Placement = CENTRED
): Uint8ClampedArray {
	const grey = qrPicture(text, width, height, placement);
	const rgba = new Uint8ClampedArray(width * height * 4);
	grey.forEach((value, pixel) => rgba.set([value, value, value, 255], pixel * 4));
	return rgba;
}

/**
 * How the code moves from frame to frame, as a phone held up to a camera does: scale and position
 * change, so the decoder is tested on more than one pixel-perfect still (tests/unit/kiosk).
 */
export const HAND_HELD: readonly Placement[] = Array.from({ length: 10 }, (_, frame) => ({
	shrink: frame % 4,
	dx: ((frame * 7) % 23) - 11,
	dy: ((frame * 5) % 17) - 8
}));

/** The QR code in 640×480 frames, 4:2:0 with neutral colour planes, moving as HAND_HELD says. */
export async function writeQrVideo(text: string, file: string): Promise<void> {
	const [width, height] = [640, 480];
	const chroma = new Uint8Array((width / 2) * (height / 2) * 2).fill(128);
	const frames = HAND_HELD.map((placement) =>
		Buffer.concat([Buffer.from('FRAME\n'), qrPicture(text, width, height, placement), chroma])
	);
	const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
	await writeFile(file, Buffer.concat([header, ...frames]));
}
