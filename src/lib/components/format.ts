import { icuWarmedUp } from '$lib/i18n/icu-warmup.ts';
import { getLocale } from '$lib/paraglide/runtime.js';

interface Formatters {
	date: Intl.DateTimeFormat;
	dateTime: Intl.DateTimeFormat;
	daysLeft: Intl.RelativeTimeFormat;
}
type Formatter = keyof Formatters;

const make: { [name in Formatter]: (locale: string) => Formatters[name] } = {
	date: (locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long' }),
	dateTime: (locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }),
	daysLeft: (locale) => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
};

// A browser's first Intl formatter of a kind loads its locale data, 20-30 ms in Chromium, which
// made the order review's first render a long task. So each formatter is made once per language,
// and this language's are made in idle moments after this module loads, one per idle callback,
// while the order is still on its way: once ICU is initialized, off the page's thread if it can be.
const made = new Map<string, Partial<Formatters>>();

function formatter<Name extends Formatter>(name: Name, locale = getLocale()): Formatters[Name] {
	let ofLocale = made.get(locale);
	if (!ofLocale) made.set(locale, (ofLocale = {}));
	return (ofLocale[name] ??= make[name](locale));
}

if (typeof requestIdleCallback === 'function') {
	void icuWarmedUp().then(() => {
		for (const name of Object.keys(make) as Formatter[]) requestIdleCallback(() => formatter(name));
	});
}

export function formatDate(iso: string): string {
	return formatter('date').format(new Date(iso));
}

export function formatDateTime(iso: string): string {
	return formatter('dateTime').format(new Date(iso));
}

/** "in 29 days", localized; days are counted up to the deadline, rounded down. */
export function formatDaysLeft(deadlineIso: string, now = Date.now()): string {
	const days = Math.floor((new Date(deadlineIso).getTime() - now) / 86_400_000);
	return formatter('daysLeft').format(days, 'day');
}
