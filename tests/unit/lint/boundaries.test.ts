import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: join(import.meta.dirname, '..', '..', '..') });

/**
 * What ESLint says about `source` as if it were the file at `filePath`: the import rule's findings
 * and any parse error (which would hide them).
 */
async function importProblems(filePath: string, source: string): Promise<string[]> {
	const [result] = await eslint.lintText(source, { filePath });
	return (result?.messages ?? [])
		.filter((message) => message.fatal || message.ruleId === 'no-restricted-imports')
		.map((message) => `${message.ruleId}: ${message.message}`);
}

const restricted = [expect.stringMatching(/^no-restricted-imports: /)];

describe('the import boundaries between the libraries', () => {
	it.each([
		['src/lib/pki/x.ts', "import type { OrderSummary } from '../api/types';"],
		['src/lib/pki/x.ts', "import { PickupFlow } from '../pickup/flow';"],
		['src/lib/pki/pkcs12/x.ts', "import type { SavedPickup } from '../../store/schema';"],
		['src/lib/pki/x.ts', "import { PickupApi } from '$lib/api/client';"],
		['src/lib/pki/x.ts', "import { tick } from 'svelte';"],
		['src/lib/domain/x.ts', "import type { OrderSummary } from '../api/types';"],
		['src/lib/domain/x.ts', "import { OID } from '../pki/oids';"],
		['src/lib/domain/x.ts', "import { openDB } from 'idb';"],
		['src/lib/kiosk/x.ts', "import { onMount } from 'svelte';"],
		['src/lib/kiosk/x.ts', "import KioskBar from '../components/kiosk/KioskBar.svelte';"],
		['src/lib/pwa/x.ts', "import { goto } from '$app/navigation';"],
		['src/lib/pwa/x.ts', "import { kioskMode } from '$lib/components/kiosk/kiosk-mode';"],
		['src/lib/pickup/x.ts', "import { page } from '$app/state';"],
		['src/lib/api/x.ts', "import { errorText } from '../components/error-text';"],
		['src/lib/store/x.ts', "import { load } from '../../routes/+layout';"],
		['src/lib/i18n/x.ts', "import { getContext } from 'svelte';"]
	])('refuses %s: %s', async (filePath, source) => {
		expect(await importProblems(filePath, source)).toEqual(restricted);
	});

	it.each([
		['src/lib/pki/x.ts', "import type { KeyAlgorithmName } from '../domain/key-algorithms.ts';"],
		['src/lib/domain/x.ts', "import type { ProblemCode } from './problem-codes.ts';"],
		['src/lib/pickup/x.ts', "import type { OrderSummary } from '../api/types';"],
		['src/lib/kiosk/x.ts', "import { readPickupLink } from '../pickup/link';"],
		['src/lib/pwa/x.ts', "import { Workbox } from 'workbox-window';"]
	])('allows %s: %s', async (filePath, source) => {
		expect(await importProblems(filePath, source)).toEqual([]);
	});
});
