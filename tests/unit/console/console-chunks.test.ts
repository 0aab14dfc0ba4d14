import type { Rollup } from 'vite';
import { describe, expect, it } from 'vitest';
import { consoleOnlyFiles } from '../../../scripts/console-chunks-plugin.ts';

function chunk(
	fileName: string,
	moduleIds: string[],
	links: { imports?: string[]; dynamicImports?: string[]; css?: string[]; isEntry?: boolean } = {}
): Rollup.OutputChunk {
	return {
		type: 'chunk',
		fileName,
		moduleIds: moduleIds.map((id) => `${process.cwd()}/${id}`),
		imports: links.imports ?? [],
		dynamicImports: links.dynamicImports ?? [],
		isEntry: links.isEntry ?? false,
		viteMetadata: { importedCss: new Set(links.css ?? []), importedAssets: new Set() }
	} as unknown as Rollup.OutputChunk;
}

function bundle(...chunks: Rollup.OutputChunk[]): Rollup.OutputBundle {
	return Object.fromEntries(chunks.map((output) => [output.fileName, output]));
}

describe('the console-only files', () => {
	const app = bundle(
		chunk('entry/start.js', ['node_modules/@sveltejs/kit/src/runtime/client/entry.js'], {
			isEntry: true,
			imports: ['chunks/svelte.js']
		}),
		chunk('entry/app.js', ['.svelte-kit/generated/client-optimized/app.js'], {
			isEntry: true,
			imports: ['chunks/svelte.js'],
			dynamicImports: ['nodes/0.js', 'nodes/4.js']
		}),
		chunk('chunks/svelte.js', ['node_modules/svelte/src/index-client.js']),
		chunk('nodes/0.js', ['src/routes/+layout.svelte'], {
			isEntry: true,
			imports: ['chunks/svelte.js', 'chunks/paths.js'],
			css: ['assets/app.css']
		}),
		chunk('chunks/paths.js', ['node_modules/@sveltejs/kit/src/runtime/app/paths/index.js']),
		chunk('nodes/4.js', ['src/routes/operator/[...view]/+page.svelte'], {
			isEntry: true,
			imports: ['chunks/svelte.js', 'chunks/paths.js'],
			dynamicImports: ['chunks/shell.js']
		}),
		chunk('chunks/shell.js', ['src/lib/components/console/ConsoleShell.svelte'], {
			imports: ['chunks/qr.js', 'chunks/svelte.js'],
			css: ['assets/console.css', 'assets/app.css'],
			dynamicImports: ['chunks/texts-nl.js']
		}),
		chunk('chunks/qr.js', ['node_modules/@nuintun/qrcode/esm/index.js']),
		chunk('chunks/texts-nl.js', ['\0virtual:locale-texts/nl/console'])
	);

	it('are what only the /operator route reaches, with their own stylesheets', () => {
		expect(consoleOnlyFiles(app).files).toEqual([
			'assets/console.css',
			'chunks/qr.js',
			'chunks/shell.js',
			'chunks/texts-nl.js',
			'nodes/4.js'
		]);
	});

	it("fail the build when console code is in a chunk an applicant's page loads", () => {
		const leaking = {
			...app,
			'nodes/0.js': chunk('nodes/0.js', ['src/routes/+layout.svelte'], {
				isEntry: true,
				imports: ['chunks/shell.js']
			})
		};
		expect(() => consoleOnlyFiles(leaking)).toThrow(
			/console code in chunks an applicant's pages load: chunks\/shell\.js \(.*ConsoleShell\.svelte\)/
		);
	});
});
