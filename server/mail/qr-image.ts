/**
 * The pickup link as a QR code for the kiosks' cameras (docs/kiosk.md): error correction M and a
 * quiet zone of four modules, as the kiosk's decoder is tested with.
 */
import QRCode from 'qrcode';

export interface QrImage {
	png: Buffer;
	/** Width and height to show it at, in CSS pixels. */
	displaySize: number;
}

const QUIET_ZONE_MODULES = 4;
// Drawn at twice the size it is shown at, so it stays sharp on high-density screens and on paper.
const PNG_PIXELS_PER_MODULE = 8;
// Four CSS pixels a module make a pickup link's code about 5 cm wide; docs/kiosk.md asks for 3 cm.
const CSS_PIXELS_PER_MODULE = 4;

export async function qrImage(text: string): Promise<QrImage> {
	const options = { errorCorrectionLevel: 'M', margin: QUIET_ZONE_MODULES } as const;
	const { modules } = QRCode.create(text, options);
	const png = await QRCode.toBuffer(text, {
		...options,
		type: 'png',
		scale: PNG_PIXELS_PER_MODULE
	});
	return { png, displaySize: (modules.size + 2 * QUIET_ZONE_MODULES) * CSS_PIXELS_PER_MODULE };
}
