/**
 * Reads QR codes from the kiosk's camera. BarcodeDetector is missing from Chromium on Windows and
 * Linux, what kiosks run, so frames go to ./qr-decoder, fetched only when a camera starts.
 */
import type { Pixels } from './qr-decoder.ts';

export class CameraUnavailableError extends Error {
	constructor(cause: unknown) {
		super(`The camera could not be used: ${String(cause)}`, { cause });
		this.name = 'CameraUnavailableError';
	}
}

export interface CameraScannerOptions {
	video: HTMLVideoElement;
	/** Gets every text read; returns true when it was the one wanted, which stops the camera. */
	onText: (text: string) => boolean;
	mediaDevices?: Pick<MediaDevices, 'getUserMedia'>;
	/** Whether the page's Permissions-Policy lets it ask for the camera at all. */
	cameraAllowed?: () => boolean;
	loadDecoder?: () => Promise<(pixels: Pixels) => string | null>;
	grabFrame?: (video: HTMLVideoElement) => Pixels | null;
}

// A QR code held up to a camera needs no more; fewer decodes leave the kiosk's CPU to the page.
const FRAME_INTERVAL_MILLISECONDS = 150;

/** Starts the camera and reads frames until a wanted text is found or `stop` is called. */
export async function startCameraScanner(options: CameraScannerOptions): Promise<{ stop(): void }> {
	const {
		video,
		onText,
		mediaDevices = navigator.mediaDevices,
		cameraAllowed = cameraAllowedByPolicy,
		loadDecoder = async () => (await import('./qr-decoder.ts')).decodeQr,
		grabFrame = canvasFrame()
	} = options;
	let stream: MediaStream;
	let decode: (pixels: Pixels) => string | null;
	try {
		if (!mediaDevices) throw new Error('no media devices in this browser');
		// Asking regardless would only log a policy violation; the answer is known beforehand.
		if (!cameraAllowed()) throw new Error('the Permissions-Policy does not allow the camera');
		[stream, decode] = await Promise.all([
			mediaDevices.getUserMedia({
				video: { width: { ideal: 1280 }, height: { ideal: 720 } },
				audio: false
			}),
			loadDecoder()
		]);
	} catch (cause) {
		throw new CameraUnavailableError(cause);
	}
	let timer: ReturnType<typeof setTimeout> | undefined;
	let stopped = false;
	const stop = () => {
		stopped = true;
		clearTimeout(timer);
		for (const track of stream.getTracks()) track.stop();
		video.srcObject = null;
	};
	const scan = () => {
		if (stopped) return;
		const pixels = grabFrame(video);
		const text = pixels && decode(pixels);
		if (text !== null && onText(text)) stop();
		else timer = setTimeout(scan, FRAME_INTERVAL_MILLISECONDS);
	};
	video.srcObject = stream;
	video.muted = true;
	video.playsInline = true;
	try {
		await video.play();
	} catch (cause) {
		stop();
		throw new CameraUnavailableError(cause);
	}
	scan();
	return { stop };
}

/** Chromium's view of the Permissions-Policy; browsers without it find out by asking. */
function cameraAllowedByPolicy(): boolean {
	const policy = (document as { featurePolicy?: { allowsFeature(feature: string): boolean } })
		.featurePolicy;
	return policy?.allowsFeature('camera') ?? true;
}

function canvasFrame(): (video: HTMLVideoElement) => Pixels | null {
	const canvas = document.createElement('canvas');
	const context = canvas.getContext('2d', { willReadFrequently: true });
	return (video) => {
		const { videoWidth: width, videoHeight: height } = video;
		if (!context || width === 0 || height === 0) return null;
		canvas.width = width;
		canvas.height = height;
		context.drawImage(video, 0, 0, width, height);
		return context.getImageData(0, 0, width, height);
	};
}
