import type { DeploymentConfig } from '$lib/deployment-config.ts';
import { loadLocaleTexts } from '$lib/i18n/locale-texts.ts';
import { getLocale } from '$lib/paraglide/runtime.js';
import { nextTask } from '$lib/pki/next-task.ts';

/**
 * The pickup itself (its flow, steps, API client and store, and the texts of its steps) is fetched
 * apart from the /pickup page, which only says that the order is opening: that first screen paints
 * without it. The root layout starts fetching it together with the settings and the first screen's
 * texts, so it adds no round trip.
 */
type PickupEngine = typeof import('./engine.ts');

let loading: Promise<PickupEngine> | null = null;

export function loadPickupEngine(): Promise<PickupEngine> {
	loading ??= Promise.all([import('./engine.ts'), loadLocaleTexts(getLocale())]).then(
		([engine]) => engine
	);
	return loading;
}

/**
 * The engine for the page to mount, always in a task after the one that rendered the layout: its
 * import starts beside the settings and often arrives first, and mounting it in the same task
 * made one long task (60-90 ms here) of two short ones, with the first screen painted later.
 * The pickup itself starts as the engine arrives, so the order is asked for and the store opened
 * while the page waits for that task and mounts, not after (in a traced pickup the store had
 * opened 86 ms after the engine arrived).
 */
export async function pickupEngineToMount(config: DeploymentConfig | null): Promise<PickupEngine> {
	const engine = await loadPickupEngine();
	if (config) engine.pickupFlow(config);
	await nextTask();
	return engine;
}
