// A page of its own in the build (pickup.html), not the shared fallback: its head then preloads
// the pickup page's own modules with the app's start, instead of the router fetching them after it
// has started (a round trip less before the order is asked for). It is still an empty shell.
export const prerender = true;
