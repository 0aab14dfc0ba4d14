/**
 * The pickup itself (its flow, steps, API client and store) is a chunk apart from the /pickup page,
 * which only says that the order is opening: that first screen paints without it. The root layout
 * starts fetching it together with the settings and the texts, so it adds no round trip.
 */
type PickupEngine = typeof import('./PickupScreen.svelte');

let loading: Promise<PickupEngine> | null = null;

export function loadPickupEngine(): Promise<PickupEngine> {
	loading ??= import('./PickupScreen.svelte');
	return loading;
}
