/**
 * QR decoding with ZXing's TypeScript port, imported file by file: the package's index pulls in
 * every barcode format (110 KB gzipped), the QR reader alone is about 25 KB. Pure JavaScript, so
 * the Content-Security-Policy needs no 'wasm-unsafe-eval'. Loaded only by the kiosk's camera.
 */
import BinaryBitmap from '@zxing/library/esm/core/BinaryBitmap';
import HybridBinarizer from '@zxing/library/esm/core/common/HybridBinarizer';
import QRCodeReader from '@zxing/library/esm/core/qrcode/QRCodeReader';
import RGBLuminanceSource from '@zxing/library/esm/core/RGBLuminanceSource';

export interface Pixels {
	/** RGBA, four bytes a pixel, as a canvas's ImageData holds them. */
	data: Uint8ClampedArray;
	width: number;
	height: number;
}

const reader = new QRCodeReader();

/** The text of a QR code in the picture, or null when there is none the reader can make out. */
export function decodeQr({ data, width, height }: Pixels): string | null {
	const luminance = new Uint8ClampedArray(width * height);
	for (let pixel = 0; pixel < luminance.length; pixel++) {
		const offset = pixel * 4;
		// Green-weighted, as ZXing does for its own RGB sources.
		luminance[pixel] =
			((data[offset] ?? 0) + 2 * (data[offset + 1] ?? 0) + (data[offset + 2] ?? 0)) >> 2;
	}
	try {
		const bitmap = new BinaryBitmap(
			new HybridBinarizer(new RGBLuminanceSource(luminance, width, height))
		);
		return reader.decode(bitmap).getText();
	} catch {
		// ZXing reports "no code in this frame" by throwing; a camera shows many such frames.
		return null;
	} finally {
		reader.reset();
	}
}
