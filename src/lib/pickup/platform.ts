export type OperatingSystem =
	'windows' | 'macos' | 'linux' | 'chromeos' | 'android' | 'ios' | 'other';
export type Browser = 'firefox' | 'edge' | 'chrome' | 'safari' | 'other';

export interface Platform {
	os: OperatingSystem;
	browser: Browser;
	/** Windows 7, 8 and 8.1 (NT 6.x) cannot import AES-encrypted .p12 files. */
	needsLegacyPkcs12: boolean;
}

/** Best-effort reading of a user-agent string; it only preselects choices the applicant can change. */
export function detectPlatform(userAgent: string): Platform {
	const os: OperatingSystem = /Android/.test(userAgent)
		? 'android'
		: /iPhone|iPad|iPod/.test(userAgent)
			? 'ios'
			: /Windows/.test(userAgent)
				? 'windows'
				: /Mac OS X|Macintosh/.test(userAgent)
					? 'macos'
					: /CrOS/.test(userAgent)
						? 'chromeos'
						: /Linux|X11/.test(userAgent)
							? 'linux'
							: 'other';
	const browser: Browser = /Firefox\//.test(userAgent)
		? 'firefox'
		: /Edg\//.test(userAgent)
			? 'edge'
			: /Chrome\/|Chromium\//.test(userAgent)
				? 'chrome'
				: /Safari\//.test(userAgent)
					? 'safari'
					: 'other';
	return { os, browser, needsLegacyPkcs12: /Windows NT 6\.[0-3]/.test(userAgent) };
}

export type InstallGuide = 'windows' | 'macos' | 'firefox' | 'chrome-edge' | 'linux';

export const INSTALL_GUIDES: readonly InstallGuide[] = [
	'windows',
	'macos',
	'firefox',
	'chrome-edge',
	'linux'
];

/** Firefox keeps its own certificate store on every system, so it wins over the OS. */
export function suggestedInstallGuide(platform: Platform): InstallGuide {
	if (platform.browser === 'firefox') return 'firefox';
	if (platform.os === 'windows') return 'windows';
	if (platform.os === 'macos' || platform.os === 'ios') return 'macos';
	if (platform.os === 'linux') return 'linux';
	return 'chrome-edge';
}
