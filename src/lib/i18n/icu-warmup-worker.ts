/**
 * Formats one date, says so, and ends: the first Intl date formatter of a renderer process
 * initializes ICU for all of its threads, and here that happens on this worker's thread instead of
 * the page's. Started as a module worker (icu-warmup.ts), hence a module.
 */
export {};

new Intl.DateTimeFormat(undefined, { dateStyle: 'long' }).format(0);
self.postMessage(null);
self.close();
