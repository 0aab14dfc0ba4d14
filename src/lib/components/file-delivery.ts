import { fileDelivery, type FileDelivery } from '$lib/pickup/file-delivery.ts';
import { detectPlatform } from '$lib/pickup/platform.ts';
import type { DownloadFile } from '$lib/pickup/state.ts';
import { isInstalledApp } from '$lib/pwa/display-mode.ts';

export function asFile(file: DownloadFile): File {
	return new File([file.data as BlobPart], file.name, { type: file.type });
}

/** This browser's way to hand a file over (see $lib/pickup/file-delivery). */
export function deliveryHere(file: DownloadFile): FileDelivery {
	const canShareFiles = navigator.canShare?.({ files: [asFile(file)] }) ?? false;
	return fileDelivery(
		detectPlatform(navigator.userAgent),
		isInstalledApp(window, navigator),
		canShareFiles
	);
}
