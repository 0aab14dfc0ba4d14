import { getLocale } from '$lib/paraglide/runtime.js';

export function formatDate(iso: string): string {
	return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'long' }).format(new Date(iso));
}

export function formatDateTime(iso: string): string {
	return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'long', timeStyle: 'short' }).format(
		new Date(iso)
	);
}

/** "in 29 days", localized; days are counted up to the deadline, rounded down. */
export function formatDaysLeft(deadlineIso: string, now = Date.now()): string {
	const days = Math.floor((new Date(deadlineIso).getTime() - now) / 86_400_000);
	return new Intl.RelativeTimeFormat(getLocale(), { numeric: 'auto' }).format(days, 'day');
}
