import type { KioskConfig } from '$lib/deployment-config.ts';

/**
 * Whether this is a kiosk, set by the root layout from config.json for steps deep in the wizard
 * to read. A plain module rather than a Svelte context: it costs the first screen nothing.
 */
export const kioskMode: { config: KioskConfig | null } = { config: null };
