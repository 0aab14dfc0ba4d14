import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../server/config.ts';
import type { Context } from '../../server/context.ts';
import { createApiKey } from '../../server/access/api-keys.ts';
import { createApp } from '../../server/http/app.ts';
import { problemFor, type OperatorProblemCode } from '../../server/problems.ts';
import { KEY_ALGORITHMS } from '../../src/lib/domain/key-algorithms.ts';
import { ORDER_STATUSES } from '../../src/lib/domain/order-statuses.ts';
import { PROBLEM_CODES } from '../../src/lib/domain/problem-codes.ts';
import { SUBJECT_ATTRIBUTE_TYPES } from '../../src/lib/domain/subject-attributes.ts';
import { newOrder, send, useServer, withStore } from './harness.ts';

interface Operation {
	responses: Record<string, unknown>;
	requestBody?: { content: { 'application/json'?: { example?: unknown } } };
	security?: Record<string, unknown>[];
}

const document = parse(
	readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'openapi.yaml'), 'utf8')
) as {
	openapi: string;
	paths: Record<string, Record<string, Operation>>;
	components: {
		schemas: Record<string, { enum?: string[]; properties?: Record<string, { enum?: string[] }> }>;
	};
};

const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
	Object.entries(operations).map(([method, operation]) => ({
		method: method.toUpperCase(),
		path,
		operation
	}))
);

/** The probes and metrics, documented with the API though outside it. */
const OPERATIONS = ['/healthz', '/readyz', '/metrics'];

/**
 * The API routes the server really registers, in OpenAPI path syntax. The console's own API is not
 * for machines: docs/console-api.md lists it (tests/server/console/documented.test.ts).
 */
function serverRoutes(): string[] {
	const app = createApp({ config: loadConfig({}), now: () => new Date() } as unknown as Context);
	const routes = app.routes
		.filter(
			(route) =>
				(route.path.startsWith('/api/v1/') || OPERATIONS.includes(route.path)) &&
				!route.path.startsWith('/api/v1/console/') &&
				route.method !== 'ALL'
		)
		.map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
	// A route with middleware (an API key check) is listed once per handler.
	return [...new Set(routes)].sort();
}

/** Every operator code, once: the compiler refuses this list when the server's codes change. */
const OPERATOR_CODES = {
	unauthorized: true,
	forbidden: true,
	idempotency_key_missing: true,
	idempotency_key_reused: true,
	idempotency_key_in_use: true,
	order_invalid: true,
	order_state_conflict: true
} satisfies Record<OperatorProblemCode, true>;

// The calls below send many wrong operator keys; the limit on them would answer the rest 429.
const server = useServer({ OPERATOR_AUTH_FAILURES_PER_MINUTE: '1000' });

describe('docs/openapi.yaml', () => {
	it('is OpenAPI 3.1 and lists exactly the routes the server serves', () => {
		expect(document.openapi).toBe('3.1.0');
		expect(documented.map(({ method, path }) => `${method} ${path}`).sort()).toEqual(
			serverRoutes()
		);
	});

	it('lists exactly the problem codes the server can answer with', () => {
		expect([...(document.components.schemas.ProblemCode?.enum ?? [])].sort()).toEqual(
			[...PROBLEM_CODES].sort()
		);
	});

	it('lists exactly the problem codes only the operator API answers with', () => {
		const codes = [...(document.components.schemas.OperatorProblemCode?.enum ?? [])];
		expect(codes.sort()).toEqual(Object.keys(OPERATOR_CODES).sort());
		for (const code of codes)
			expect(problemFor(code as OperatorProblemCode).type).toBe(`urn:cert-pickup:problem:${code}`);
	});

	it('lists the order statuses, key algorithms and subject attribute types of src/lib/domain', () => {
		const { schemas } = document.components;
		expect(schemas.OrderStatus?.enum).toEqual([...ORDER_STATUSES]);
		expect(schemas.KeyAlgorithmName?.enum).toEqual([...KEY_ALGORITHMS]);
		expect(schemas.SubjectAttribute?.properties?.type?.enum).toEqual([...SUBJECT_ATTRIBUTE_TYPES]);
	});

	it('documents every status the live server gives to a bare, an empty and a real call of each route', async () => {
		const created = await newOrder(server);
		const { key } = await withStore(server, (store) =>
			createApiKey(store, 'openapi test', 'write', new Date())
		);
		for (const { method, path, operation } of documented) {
			const url = path.replace('{orderId}', created.order.id);
			const operatorCall = operation.security?.some((scheme) => 'operatorKey' in scheme) ?? false;
			// With a key, the documented example: the operator routes' answers past the key check.
			const example = operation.requestBody?.content['application/json']?.example;
			const withKey = operatorCall
				? [
						await send(server, method, url, {
							headers: {
								authorization: `Bearer ${key}`,
								'idempotency-key': randomUUID(),
								...(operation.requestBody ? { 'content-type': 'application/json' } : {})
							},
							body: operation.requestBody ? JSON.stringify(example) : undefined
						})
					]
				: [];
			for (const attempt of withKey)
				expect([401, 403, 429], `${method} ${path} with a key`).not.toContain(attempt.status);
			const attempts = [
				...withKey,
				await send(server, method, url),
				...(operation.requestBody
					? [
							await send(server, method, url, {
								headers: { 'content-type': 'application/json' },
								body: '{}'
							})
						]
					: []),
				...(operation.security
					? [await send(server, method, url, { headers: { authorization: 'Bearer nope' } })]
					: []),
				...(path.endsWith('/summary')
					? [
							await send(server, method, url, {
								headers: { 'content-type': 'application/json' },
								body: JSON.stringify({ linkSecret: created.linkSecret })
							})
						]
					: [])
			];
			for (const attempt of attempts) {
				expect(Object.keys(operation.responses), `${method} ${path}`).toContain(
					String(attempt.status)
				);
				if (attempt.status >= 400)
					expect(attempt.headers.get('content-type')).toBe('application/problem+json');
			}
		}
	});
});
