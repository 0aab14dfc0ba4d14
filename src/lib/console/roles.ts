/**
 * What each role may do in the console, to hide what it cannot: the server is what enforces it
 * (a hidden action forced anyway is refused with 403 role_forbidden, which the console shows).
 */
import type { Role } from './types.ts';

export type ConsoleAction =
	'orders' | 'create' | 'resend' | 'unlock' | 'cancel' | 'reissue' | 'people' | 'keys' | 'outbox';

const OFFICE: ReadonlySet<ConsoleAction> = new Set(['orders', 'create', 'resend']);

export function can(role: Role | undefined, action: ConsoleAction): boolean {
	if (role === 'admin') return true;
	return role === 'office' && OFFICE.has(action);
}
