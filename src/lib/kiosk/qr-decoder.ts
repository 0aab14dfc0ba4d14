/**
 * QR decoding with @nuintun/qrcode, a TypeScript QR library after ZXing. Its detector offers every
 * plausible triple of finder patterns in turn. ZXing's TypeScript port keeps the one triple whose
 * module sizes agree best, and for about 4 % of pickup links it takes a false pattern inside the
 * data and cannot read that code however the code is held (tests/unit/kiosk/qr-decoder.test.ts).
 * Pure JavaScript, so the Content-Security-Policy needs no 'wasm-unsafe-eval'; about 14 KB
 * gzipped, loaded only by the kiosk's camera.
 */
import { binarize, Decoder, Detector, grayscale } from '@nuintun/qrcode';

export interface Pixels {
	/** RGBA, four bytes a pixel, as a canvas's ImageData holds them. */
	data: Uint8ClampedArray;
	width: number;
	height: number;
}

const detector = new Detector();
const decoder = new Decoder();

/** The text of a QR code in the picture, or null when there is none the reader can make out. */
export function decodeQr(pixels: Pixels): string | null {
	const { width, height } = pixels;
	// grayscale reads data, width and height only; a canvas frame is an ImageData, a test's is not.
	const matrix = binarize(grayscale(pixels as ImageData), width, height);
	const candidates = detector.detect(matrix);
	for (let candidate = candidates.next(); !candidate.done; candidate = candidates.next(false)) {
		try {
			return decoder.decode(candidate.value.matrix).content;
		} catch {
			// A candidate that is not a readable code: the detector offers the next one.
		}
	}
	return null;
}
