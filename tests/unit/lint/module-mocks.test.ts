/**
 * A test file that replaces a module must run with a registry of its own: in the shared one
 * the module under test may already be loaded with the real dependency, and the mock would miss.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODULE_MOCKS } from '../../support/module-mocks.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

function testFiles(dir: string): string[] {
	return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
		.filter((name) => name.endsWith('.test.ts'))
		.map((name) => join(dir, name));
}

describe('module mocks in the shared-registry projects', () => {
	it('are only in the files that run isolated', () => {
		const mocking = ['tests/unit', 'tests/server', 'tests/interop']
			.flatMap(testFiles)
			.filter((file) => /\bvi\.(mock|doMock)\(/.test(readFileSync(join(ROOT, file), 'utf8')));
		expect(mocking.sort()).toEqual([...MODULE_MOCKS].sort());
	});
});
