// The app is static and all of it runs in the browser: keys must never be made on a server. Every
// path is served the same shell (the adapter's fallback page), which routes on the client.
export const ssr = false;
