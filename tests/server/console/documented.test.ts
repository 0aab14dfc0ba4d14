/**
 * docs/console-api.md, the contract the console's pages are written against, lists exactly the
 * routes the server serves under /api/v1/console, and the codes the console localizes are codes
 * the server has.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config.ts';
import type { Context } from '../../../server/context.ts';
import { createApp } from '../../../server/http/app.ts';
import { problemFor, type AnyProblemCode } from '../../../server/problems.ts';
import { CONSOLE_PROBLEM_CODES } from '../../../src/lib/domain/console-problem-codes.ts';
import { CONSOLE } from './console-client.ts';

const contract = readFileSync(
	join(import.meta.dirname, '..', '..', '..', 'docs', 'console-api.md'),
	'utf8'
);

describe('docs/console-api.md', () => {
	it('lists exactly the routes the server serves', () => {
		const documented = [...contract.matchAll(/^\| (GET|POST) (\/[^\s?|]*)/gm)].map(
			([, method, path]) => `${method} ${path?.replace(/\{id\}/g, '{id}')}`
		);
		const app = createApp({ config: loadConfig({}), now: () => new Date() } as unknown as Context);
		const served = app.routes
			.filter((route) => route.path.startsWith(`${CONSOLE}/`) && route.method !== 'ALL')
			.map(
				(route) => `${route.method} ${route.path.slice(CONSOLE.length).replace(/:(\w+)/g, '{id}')}`
			);
		expect(documented.sort()).toEqual([...new Set(served)].sort());
	});

	it('names codes the server answers with, each in the table of errors', () => {
		for (const code of CONSOLE_PROBLEM_CODES) {
			expect(problemFor(code as AnyProblemCode).code).toBe(code);
			if (!['internal', 'service_unavailable'].includes(code))
				expect(contract).toContain(`\`${code}\``);
		}
	});
});
