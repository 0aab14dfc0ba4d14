/**
 * Global set-up of the test runs that start the server (Vitest's server projects, Playwright):
 * bundles the server and its CLI once for this run, so each of the many server processes starts
 * from one file instead of compiling the sources through tsx (server/server-bundle.ts). The
 * bundle is built at every run and deleted after it.
 */
import { useServerBundle } from '../../server/server-bundle.ts';

export default async function setup(): Promise<() => void> {
	return useServerBundle();
}
