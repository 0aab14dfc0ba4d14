import { describe, expect, it } from 'vitest';
import { detectPlatform, suggestedInstallGuide } from '../../../src/lib/pickup/platform.ts';
import { defaultUseTarget, USE_TARGETS } from '../../../src/lib/pickup/use-target.ts';

const UA = {
	win7Firefox: 'Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0',
	win11Edge:
		'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0',
	win81Chrome:
		'Mozilla/5.0 (Windows NT 6.3; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36',
	macSafari:
		'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15',
	linuxChromium:
		'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
	android:
		'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36'
};

describe('detectPlatform', () => {
	it.each([
		['win7Firefox', 'windows', 'firefox', true, 'windows-older', 'legacy', 'firefox'],
		['win81Chrome', 'windows', 'chrome', true, 'windows-older', 'legacy', 'windows'],
		['win11Edge', 'windows', 'edge', false, 'windows', 'modern', 'windows'],
		['macSafari', 'macos', 'safari', false, 'macos', 'legacy', 'macos'],
		['linuxChromium', 'linux', 'chrome', false, 'linux', 'modern', 'linux'],
		['android', 'android', 'chrome', false, 'android', 'legacy', 'chrome-edge']
	] as const)('reads %s', (name, os, browser, legacy, target, profile, guide) => {
		const platform = detectPlatform(UA[name]);
		expect(platform).toEqual({ os, browser, needsLegacyPkcs12: legacy });
		expect(defaultUseTarget(platform)).toBe(target);
		expect(USE_TARGETS[target].profile).toBe(profile);
		expect(suggestedInstallGuide(platform)).toBe(guide);
	});
});
