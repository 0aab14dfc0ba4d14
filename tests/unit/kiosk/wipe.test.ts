import { describe, expect, it } from 'vitest';
import { wipeApplicantData, type WipeTargets } from '../../../src/lib/kiosk/wipe.ts';
import { isAppShellCache } from '../../../src/lib/pwa/cache-names.ts';

type DeleteOutcome = 'success' | 'blocked' | 'error';

function browser(
	outcome: DeleteOutcome = 'success',
	cacheNames = ['shell-1712', 'deployment-config', 'api-answers']
) {
	const log: string[] = [];
	const storage = (name: string) => ({
		clear: () => log.push(`${name}.clear`),
		setItem: (key: string, value: string) => log.push(`${name}.setItem ${key}=${value}`)
	});
	const targets: WipeTargets = {
		stopWork: () => log.push('stopWork'),
		indexedDB: {
			deleteDatabase(name: string) {
				log.push(`deleteDatabase ${name}`);
				const request = {
					error: new DOMException('disk gone', 'UnknownError')
				} as unknown as IDBOpenDBRequest;
				queueMicrotask(() => {
					const handler = {
						success: request.onsuccess,
						blocked: request.onblocked,
						error: request.onerror
					}[outcome];
					handler?.call(request, new Event(outcome) as never);
				});
				return request;
			}
		},
		localStorage: storage('localStorage'),
		sessionStorage: storage('sessionStorage'),
		caches: {
			keys: async () => cacheNames,
			delete: async (name: string) => (log.push(`caches.delete ${name}`), true)
		},
		location: { replace: (url: string | URL) => void log.push(`location.replace ${url}`) }
	};
	return { targets, log };
}

const OPTIONS = {
	databaseName: 'cert-pickup',
	startLocale: { storageKey: 'PARAGLIDE_LOCALE', locale: 'nl' }
};

describe('kiosk wipe', () => {
	it.each<DeleteOutcome>(['success', 'blocked', 'error'])(
		'deletes the pickup database (%s), foreign caches and both storages, then replaces the page',
		async (outcome) => {
			const { targets, log } = browser(outcome);
			await wipeApplicantData(targets, OPTIONS);
			expect(log).toEqual([
				'stopWork',
				'deleteDatabase cert-pickup',
				'caches.delete api-answers',
				'sessionStorage.clear',
				'localStorage.clear',
				'localStorage.setItem PARAGLIDE_LOCALE=nl',
				'location.replace /'
			]);
		}
	);

	it('still clears and navigates where IndexedDB and Cache Storage are missing or fail', async () => {
		const { targets, log } = browser();
		await wipeApplicantData(
			{
				...targets,
				indexedDB: undefined,
				caches: { keys: () => Promise.reject(new Error('caches broken')), delete: async () => true }
			},
			OPTIONS
		);
		expect(log).toEqual([
			'stopWork',
			'sessionStorage.clear',
			'localStorage.clear',
			'localStorage.setItem PARAGLIDE_LOCALE=nl',
			'location.replace /'
		]);
		const withoutCaches = browser();
		await wipeApplicantData({ ...withoutCaches.targets, caches: undefined }, OPTIONS);
		expect(withoutCaches.log.at(-1)).toBe('location.replace /');
	});

	it('keeps only the service worker caches of app files', () => {
		expect(isAppShellCache('shell-1712345')).toBe(true);
		expect(isAppShellCache('deployment-config')).toBe(true);
		expect(isAppShellCache('pickup-api')).toBe(false);
		expect(isAppShellCache('workbox-runtime')).toBe(false);
	});
});
