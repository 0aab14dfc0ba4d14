/** What the /pickup page fetches after its first screen: the pickup, and the screen that shows it. */
export { default as PickupScreen } from './PickupScreen.svelte';
export { pickupFlow } from './pickup-session.ts';
