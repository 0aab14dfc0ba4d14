import { describe, expect, it, vi } from 'vitest';
import {
	CameraUnavailableError,
	startCameraScanner
} from '../../../src/lib/kiosk/camera-scanner.ts';

function fakeCamera() {
	const track = { stop: vi.fn() };
	const stream = { getTracks: () => [track] } as unknown as MediaStream;
	return { track, mediaDevices: { getUserMedia: vi.fn(async () => stream) } };
}

function fakeVideo(play: () => Promise<void> = async () => undefined) {
	return { play, srcObject: null, muted: false, playsInline: false } as unknown as HTMLVideoElement;
}

const FRAME = { data: new Uint8ClampedArray(4), width: 1, height: 1 };

describe('kiosk camera scanner', () => {
	it('reads frames until a wanted text, then stops the camera', async () => {
		const { track, mediaDevices } = fakeCamera();
		const texts = ['WIFI:S:office;;', null, 'https://pickup.ca.example/pickup#o=a&s=b'];
		const seen: string[] = [];
		const found = new Promise<string>((resolve) => {
			void startCameraScanner({
				video: fakeVideo(),
				mediaDevices,
				loadDecoder: async () => () => texts.shift() ?? null,
				grabFrame: () => FRAME,
				onText(text) {
					seen.push(text);
					if (!text.startsWith('https://')) return false;
					resolve(text);
					return true;
				}
			});
		});
		expect(await found).toBe('https://pickup.ca.example/pickup#o=a&s=b');
		expect(seen).toEqual(['WIFI:S:office;;', 'https://pickup.ca.example/pickup#o=a&s=b']);
		expect(track.stop).toHaveBeenCalled();
	});

	it('stops on request', async () => {
		const { track, mediaDevices } = fakeCamera();
		const video = fakeVideo();
		const scanner = await startCameraScanner({
			video,
			mediaDevices,
			loadDecoder: async () => () => null,
			grabFrame: () => null,
			onText: () => true
		});
		scanner.stop();
		expect(track.stop).toHaveBeenCalled();
		expect(video.srcObject).toBeNull();
	});

	it.each([
		['the browser has no camera API', undefined, async () => () => null],
		[
			'the camera is refused',
			{ getUserMedia: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) },
			async () => () => null
		],
		[
			'the decoder cannot be loaded',
			fakeCamera().mediaDevices,
			() => Promise.reject(new Error('offline'))
		]
	])('says the camera is unavailable when %s', async (_, mediaDevices, loadDecoder) => {
		await expect(
			startCameraScanner({
				video: fakeVideo(),
				mediaDevices: mediaDevices as MediaDevices | undefined,
				cameraAllowed: () => true,
				loadDecoder,
				grabFrame: () => null,
				onText: () => true
			})
		).rejects.toBeInstanceOf(CameraUnavailableError);
	});

	it('does not ask for a camera the Permissions-Policy forbids', async () => {
		const { mediaDevices } = fakeCamera();
		await expect(
			startCameraScanner({
				video: fakeVideo(),
				mediaDevices,
				cameraAllowed: () => false,
				loadDecoder: async () => () => null,
				grabFrame: () => null,
				onText: () => true
			})
		).rejects.toBeInstanceOf(CameraUnavailableError);
		expect(mediaDevices.getUserMedia).not.toHaveBeenCalled();
	});

	it('says the camera is unavailable, and releases it, when the video will not play', async () => {
		const { track, mediaDevices } = fakeCamera();
		await expect(
			startCameraScanner({
				video: fakeVideo(() => Promise.reject(new DOMException('no', 'NotAllowedError'))),
				mediaDevices,
				loadDecoder: async () => () => null,
				grabFrame: () => null,
				onText: () => true
			})
		).rejects.toBeInstanceOf(CameraUnavailableError);
		expect(track.stop).toHaveBeenCalled();
	});
});
