import { RuleTester } from 'eslint';
import { join } from 'node:path';
import ts from 'typescript-eslint';
import { afterAll, describe, it } from 'vitest';
import { importExtension } from '../../../eslint-rules/import-extension.js';

// RuleTester declares its cases through these when they are set, as vitest does not make them global.
Object.assign(RuleTester, { afterAll, describe, it });

const root = join(import.meta.dirname, '..', '..', '..');
// The rule looks for the imported files on disk, so the cases are written as if from real files.
const inPickup = join(root, 'src/lib/pickup/x.ts');
const inRoutes = join(root, 'src/routes/pickup/x.ts');

const tester = new RuleTester({ languageOptions: { parser: ts.parser } });
const extension = (expected: string) => [{ messageId: 'extension', data: { expected } }];

tester.run('import-extension', importExtension, {
	valid: [
		{ filename: inPickup, code: "import { readPickupLink } from './link.ts';" },
		{ filename: inPickup, code: "export { PickupFlow } from './flow.ts';" },
		{ filename: inPickup, code: "import { m } from '$lib/paraglide/messages.js';" },
		{ filename: inRoutes, code: "import PickupWizard from '$lib/components/PickupWizard.svelte';" },
		{ filename: inRoutes, code: "import type { PageData } from './$types';" },
		{ filename: inPickup, code: "import { openDB } from 'idb';" },
		{
			filename: inPickup,
			code: "const steps = () => import('../components/steps/DoneStep.svelte');"
		},
		{ filename: inPickup, code: "import '../../app.css';" },
		{ filename: inPickup, code: "import { gone } from './no-such-module';" }
	],
	invalid: [
		{
			filename: inPickup,
			code: "import { readPickupLink } from './link';",
			output: "import { readPickupLink } from './link.ts';",
			errors: extension('./link.ts')
		},
		{
			filename: inPickup,
			code: "import { readPickupLink } from './link.js';",
			output: "import { readPickupLink } from './link.ts';",
			errors: extension('./link.ts')
		},
		{
			filename: inRoutes,
			code: "import { PickupFlow } from '$lib/pickup/flow';",
			output: "import { PickupFlow } from '$lib/pickup/flow.ts';",
			errors: extension('$lib/pickup/flow.ts')
		},
		{
			filename: inPickup,
			code: "import { appActivity } from '../components/app-activity.svelte';",
			output: "import { appActivity } from '../components/app-activity.svelte.ts';",
			errors: extension('../components/app-activity.svelte.ts')
		},
		{
			filename: inPickup,
			code: "import { m } from '$lib/paraglide/messages';",
			output: "import { m } from '$lib/paraglide/messages.js';",
			errors: extension('$lib/paraglide/messages.js')
		},
		{
			filename: inPickup,
			code: "export * from './state';",
			output: "export * from './state.ts';",
			errors: extension('./state.ts')
		},
		{
			filename: inPickup,
			code: "const work = () => import('./crypto-work');",
			output: "const work = () => import('./crypto-work.ts');",
			errors: extension('./crypto-work.ts')
		},
		{
			filename: inPickup,
			code: "vi.mock('../paraglide/runtime');",
			output: "vi.mock('../paraglide/runtime.js');",
			errors: extension('../paraglide/runtime.js')
		}
	]
});
