/**
 * Names of the service worker's caches. Neither holds applicant data (the API is never cached),
 * so the kiosk wipe keeps them and the kiosk still starts offline.
 */
export const SHELL_CACHE_PREFIX = 'shell-';
export const CONFIG_CACHE = 'deployment-config';

export function isAppShellCache(name: string): boolean {
	return name.startsWith(SHELL_CACHE_PREFIX) || name === CONFIG_CACHE;
}
