import type { Platform } from './platform.ts';

/**
 * WebKit's tracking prevention deletes all of a site's script-writable storage (IndexedDB, the
 * service worker's caches) after seven days of browser use without a visit to the site, unless
 * the site was added to the Home Screen (webkit.org/blog/10218, "Full Third-Party Cookie Blocking
 * and More", 2020). It holds in Safari on macOS and in every browser on iOS and iPadOS, which all
 * run WebKit. persist() does not exempt a site: Safari may grant it and still apply the cap.
 */
export const WEBKIT_STORAGE_CAP_DAYS = 7;

/** Days after which an unused pickup is deleted by the browser; null where nothing caps it. */
export function storageCapDays(platform: Platform, installed: boolean): number | null {
	const webkit = platform.os === 'ios' || platform.browser === 'safari';
	return webkit && !installed ? WEBKIT_STORAGE_CAP_DAYS : null;
}
