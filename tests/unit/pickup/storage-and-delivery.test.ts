import { describe, expect, it } from 'vitest';
import { fileDelivery } from '../../../src/lib/pickup/file-delivery.ts';
import { detectPlatform } from '../../../src/lib/pickup/platform.ts';
import { storageCapDays, WEBKIT_STORAGE_CAP_DAYS } from '../../../src/lib/pickup/storage-rules.ts';
import { isInstalledApp } from '../../../src/lib/pwa/display-mode.ts';

const UA = {
	macSafari:
		'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15',
	iphoneSafari:
		'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
	iphoneChrome:
		'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/140.0.0.0 Mobile/15E148 Safari/604.1',
	webkitGtk:
		'Mozilla/5.0 (X11; Ubuntu; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.0 Safari/605.1.15',
	linuxChromium:
		'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
	firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0',
	android:
		'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36'
};

describe('storageCapDays', () => {
	it.each([
		['macSafari', false, WEBKIT_STORAGE_CAP_DAYS],
		['iphoneSafari', false, WEBKIT_STORAGE_CAP_DAYS],
		['iphoneChrome', false, WEBKIT_STORAGE_CAP_DAYS],
		['webkitGtk', false, WEBKIT_STORAGE_CAP_DAYS],
		['iphoneSafari', true, null],
		['macSafari', true, null],
		['linuxChromium', false, null],
		['firefox', false, null],
		['android', false, null]
	] as const)('%s, installed %s: %s', (name, installed, days) => {
		expect(storageCapDays(detectPlatform(UA[name]), installed)).toBe(days);
	});
});

describe('fileDelivery', () => {
	it('shares only from an installed iOS app that can share files', () => {
		const iphone = detectPlatform(UA.iphoneSafari);
		expect(fileDelivery(iphone, true, true)).toBe('share');
		expect(fileDelivery(iphone, false, true)).toBe('download');
		expect(fileDelivery(iphone, true, false)).toBe('download');
		expect(fileDelivery(detectPlatform(UA.android), true, true)).toBe('download');
		expect(fileDelivery(detectPlatform(UA.macSafari), true, true)).toBe('download');
	});
});

describe('isInstalledApp', () => {
	const media = (standalone: boolean) => ({
		matchMedia: (query: string) =>
			({ matches: standalone && query === '(display-mode: standalone)' }) as MediaQueryList
	});
	const browserNavigator = {};

	it('reads the display mode, and iOS’s navigator.standalone', () => {
		expect(isInstalledApp(media(true), browserNavigator)).toBe(true);
		expect(isInstalledApp(media(false), browserNavigator)).toBe(false);
		expect(isInstalledApp(media(false), { standalone: true })).toBe(true);
		expect(isInstalledApp({}, browserNavigator)).toBe(false);
	});
});
