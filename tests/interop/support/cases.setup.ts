/**
 * Global set-up of the `interop` test project: builds the interop cases (cases.ts) once for the
 * run, for every tool's test file to open, and deletes them afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildCases, serializeCases } from './cases.ts';

export default async function setup(project: TestProject): Promise<() => void> {
	const root = mkdtempSync(join(tmpdir(), 'pki-interop-'));
	project.provide('interopCases', serializeCases(await buildCases(root)));
	return () => rmSync(root, { recursive: true, force: true });
}
