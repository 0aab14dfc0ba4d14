/**
 * Global set-up of the `server-postgres` test project: one throw-away PostgreSQL cluster for the
 * run (each test server gets its own database on it), stopped afterwards.
 */
import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from '../../server/postgres-cluster.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		postgresUrl: string;
	}
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const cluster = await startPostgresCluster();
	project.provide('postgresUrl', cluster.url);
	return () => cluster.stop();
}
