import { warmIcuOffMainThread } from '$lib/i18n/icu-warmup.ts';
import { loadFirstScreenTexts, loadLocaleTexts } from '$lib/i18n/locale-texts.ts';
import { linkLocale } from '$lib/i18n/link-locale.ts';
import { getLocale, localStorageKey, setLocale } from '$lib/paraglide/runtime.js';
import { nextTask } from '$lib/pki/next-task.ts';
import {
	DeploymentConfigError,
	loadDeploymentConfig,
	type ConfigProblem,
	type DeploymentConfig
} from '$lib/deployment-config.ts';
import type { LayoutLoad } from './$types';
import { loadPickupEngine } from './pickup/pickup-engine.ts';

// The app is static and all of it runs in the browser: keys must never be made on a server. Every
// path is served the same shell (the adapter's fallback page), which routes on the client.
export const ssr = false;

async function readConfig(
	fetch: typeof globalThis.fetch
): Promise<{ config: DeploymentConfig | null; configProblem: ConfigProblem | null }> {
	try {
		return { config: await loadDeploymentConfig(location.origin, fetch), configProblem: null };
	} catch (error) {
		if (error instanceof DeploymentConfigError) return { config: null, configProblem: error.code };
		throw error;
	}
}

/** The pickup link's language becomes the app's, unless the applicant chose one here before. */
function openInLinkLanguage(): void {
	const fromLink = linkLocale(location.hash);
	if (fromLink === undefined) return;
	let chosen: string | null = null;
	try {
		chosen = localStorage.getItem(localStorageKey);
	} catch {
		// Storage blocked: nothing was chosen that could be kept either.
	}
	if (chosen === null) setLocale(fromLink, { reload: false });
}

export const load: LayoutLoad = async ({ fetch, route }) => {
	openInLinkLanguage();
	// The engine is fetched alongside the settings and texts, not after them: the page shows its
	// first step meanwhile. It and the ICU worker start in the task after SvelteKit's, which they
	// made a long task: the engine's import adds a preload link per module it needs, and a worker
	// takes a moment to start.
	void nextTask().then(() => {
		if (route.id === '/pickup') loadPickupEngine().catch(() => undefined);
		warmIcuOffMainThread();
	});
	const [data] = await Promise.all([readConfig(fetch), loadFirstScreenTexts(getLocale())]);
	// A kiosk speaks only its office's languages: the layout switches to the first of them. Its
	// start screen shows more than the first screen's texts.
	const kiosk = data.config?.kiosk;
	if (kiosk) {
		const locale = kiosk.languages.includes(getLocale()) ? getLocale() : kiosk.languages[0];
		await loadLocaleTexts(locale);
	}
	return data;
};
