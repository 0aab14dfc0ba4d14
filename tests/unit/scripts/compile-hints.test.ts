import { describe, expect, it } from 'vitest';
import {
	chunksToHint,
	compileHints,
	COMPILE_HINT,
	MIN_HINTED_BYTES,
	type Bundle,
	type ChunkInfo
} from '../../../scripts/compile-hints-plugin.ts';

const big = 'x'.repeat(MIN_HINTED_BYTES);
const chunk = (fields: Partial<ChunkInfo>): ChunkInfo => ({
	type: 'chunk',
	moduleIds: [],
	imports: [],
	code: big,
	...fields
});

const START = /kit\/client\/entry\.js$|routes\/\+layout\.svelte$/;

const bundle = (): Bundle => ({
	'entry/start.js': chunk({ imports: ['chunks/kit.js'], code: 'export{}' }),
	'chunks/kit.js': chunk({
		moduleIds: ['/app/kit/client/entry.js'],
		imports: ['chunks/svelte.js']
	}),
	'chunks/svelte.js': chunk({ moduleIds: ['/app/svelte/internal.js'] }),
	'nodes/0.js': chunk({
		moduleIds: ['/app/src/routes/+layout.svelte'],
		imports: ['chunks/svelte.js', 'chunks/texts.js']
	}),
	'chunks/texts.js': chunk({ moduleIds: ['/app/texts.js'], code: 'export{}' }),
	'nodes/2.js': chunk({
		moduleIds: ['/app/src/routes/+page.svelte'],
		imports: ['chunks/svelte.js']
	}),
	'chunks/kiosk.js': chunk({ moduleIds: ['/app/src/lib/components/kiosk/KioskStart.svelte'] }),
	'assets/app.css': { type: 'asset' }
});

describe('compile hints', () => {
	it('picks the chunks of the start modules and all they import statically, nothing else', () => {
		expect([...chunksToHint(bundle(), START)].sort()).toEqual([
			'chunks/kit.js',
			'chunks/svelte.js',
			'chunks/texts.js',
			'nodes/0.js'
		]);
	});

	it('puts the hint on the first line of those big enough to gain from it', () => {
		const output = bundle();
		const generate = compileHints(START).generateBundle as (
			options: unknown,
			bundle: Bundle
		) => void;
		generate.call({}, {}, output);
		const code = (name: string) => (output[name] as ChunkInfo).code;
		expect(code('chunks/kit.js')).toBe(COMPILE_HINT + big);
		expect(code('chunks/svelte.js')).toBe(COMPILE_HINT + big);
		expect(code('nodes/0.js')).toBe(COMPILE_HINT + big);
		expect(code('chunks/texts.js')).toBe('export{}');
		expect(code('entry/start.js')).toBe('export{}');
		expect(code('nodes/2.js')).toBe(big);
		expect(code('chunks/kiosk.js')).toBe(big);
		expect(COMPILE_HINT).toBe('//# allFunctionsCalledOnLoad\n');
	});
});
