import type { Platform } from './platform.ts';

export type FileDelivery = 'download' | 'share';

/**
 * How the files reach the applicant. Apps opened from the iOS Home Screen run without Safari's
 * download manager: a download link there opens the file in a view with no way to save it. The
 * share sheet (Web Share API level 2, files) offers "Save to Files" instead, where it can share
 * files at all; everywhere else a plain download is the better experience.
 */
export function fileDelivery(
	platform: Platform,
	installed: boolean,
	canShareFiles: boolean
): FileDelivery {
	return platform.os === 'ios' && installed && canShareFiles ? 'share' : 'download';
}
