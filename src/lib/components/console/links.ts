/** The console's addresses: its screens take their subject in the query, not the path. */
import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';

export function orderHref(id: string): ResolvedPathname {
	return `${resolve('/operator/order')}?${new URLSearchParams({ id })}` as ResolvedPathname;
}

export function ordersHref(q: string): ResolvedPathname {
	const search = q ? `?${new URLSearchParams({ q })}` : '';
	return `${resolve('/operator')}${search}` as ResolvedPathname;
}

/** The console's screens by address (src/routes/operator/[...view]/screens.ts), named in the shell's navigation. */
export type ConsoleView =
	| '/operator'
	| '/operator/invite'
	| '/operator/order'
	| '/operator/new'
	| '/operator/people'
	| '/operator/keys'
	| '/operator/outbox';
