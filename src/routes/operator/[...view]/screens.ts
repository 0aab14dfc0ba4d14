/**
 * The console's screens by the path after /operator/. One SvelteKit route serves them all: a
 * route each would add its entry to the route table that every applicant's first screen loads.
 */
import type { Component } from 'svelte';
import type { ConsoleView } from '$lib/components/console/links.ts';

type ScreenModule = () => Promise<{ default: Component }>;

const SCREENS: Record<ConsoleView, ScreenModule> = {
	'/operator': () => import('$lib/components/console/OrdersScreen.svelte'),
	'/operator/invite': () => import('$lib/components/console/InviteScreen.svelte'),
	'/operator/order': () => import('$lib/components/console/OrderScreen.svelte'),
	'/operator/new': () => import('$lib/components/console/CreateOrderScreen.svelte'),
	'/operator/people': () => import('$lib/components/console/PeopleScreen.svelte'),
	'/operator/keys': () => import('$lib/components/console/KeysScreen.svelte'),
	'/operator/outbox': () => import('$lib/components/console/OutboxScreen.svelte')
};

export interface ConsoleScreen {
	/** The shell's navigation marks this view; null for an address that names no screen. */
	view: ConsoleView | null;
	load: ScreenModule;
}

function isConsoleView(path: string): path is ConsoleView {
	return Object.hasOwn(SCREENS, path);
}

/** The screen for the rest parameter (`''`, `new`, `order`…); any other path is "no such page". */
export function consoleScreen(rest: string): ConsoleScreen {
	const path = rest === '' ? '/operator' : `/operator/${rest}`;
	if (isConsoleView(path)) return { view: path, load: SCREENS[path] };
	return { view: null, load: () => import('$lib/components/console/NoSuchScreen.svelte') };
}
