/**
 * A QR code as camera input: a grey picture of it, and a Y4M video of that picture for Chromium's
 * fake camera (`--use-file-for-fake-video-capture`).
 */
import { writeFile } from 'node:fs/promises';
import QRCode from 'qrcode';

const WHITE = 235;
const BLACK = 16;
// The quiet zone the QR standard asks for around the code, in modules.
const QUIET_MODULES = 4;

/** One byte of brightness a pixel: the QR code large and centred, with its quiet zone. */
export function qrPicture(text: string, width: number, height: number): Uint8Array {
	const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
	const moduleSize = Math.floor(
		(Math.min(width, height) * 0.9) / (modules.size + 2 * QUIET_MODULES)
	);
	const codeSize = moduleSize * modules.size;
	const left = Math.floor((width - codeSize) / 2);
	const top = Math.floor((height - codeSize) / 2);
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
export function qrRgba(text: string, width: number, height: number): Uint8ClampedArray {
	const grey = qrPicture(text, width, height);
	const rgba = new Uint8ClampedArray(width * height * 4);
	grey.forEach((value, pixel) => rgba.set([value, value, value, 255], pixel * 4));
	return rgba;
}

/** A few frames of the QR code, 640×480 in 4:2:0 with neutral colour planes. */
export async function writeQrVideo(text: string, file: string, frames = 10): Promise<void> {
	const [width, height] = [640, 480];
	const luma = qrPicture(text, width, height);
	const chroma = new Uint8Array((width / 2) * (height / 2) * 2).fill(128);
	const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
	const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
	await writeFile(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
