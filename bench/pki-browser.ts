/**
 * Runs the PKI workload in headless Chromium: the workload is bundled by esbuild, served from
 * 127.0.0.1 (WebCrypto needs a secure context, which localhost is) and called in the page.
 */
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Timings, WorkloadConfig } from './pki-workload.ts';

const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run'
];

export async function runInChromium(
	config: WorkloadConfig
): Promise<{ timings: Timings; version: string }> {
	const dir = await mkdtemp(join(tmpdir(), 'pki-bench-'));
	try {
		await build({
			stdin: {
				contents:
					"import { runPkiWorkload } from './bench/pki-workload.ts'; globalThis.runPkiWorkload = runPkiWorkload;",
				resolveDir: process.cwd(),
				loader: 'ts'
			},
			bundle: true,
			format: 'iife',
			platform: 'browser',
			target: 'es2022',
			minify: true,
			outfile: join(dir, 'pki.js'),
			logLevel: 'error'
		});
		const script = await readFile(join(dir, 'pki.js'));
		const server = createServer((request, response) => {
			if (request.url === '/pki.js') {
				response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
			} else {
				response
					.writeHead(200, { 'content-type': 'text/html' })
					.end('<!doctype html><script src="/pki.js"></script>');
			}
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as { port: number };
		const browser = await chromium.launch({
			executablePath: '/usr/bin/chromium',
			args: CHROMIUM_ARGS
		});
		try {
			const page = await browser.newPage();
			await page.goto(`http://127.0.0.1:${port}/`);
			const timings = await page.evaluate(
				(workload) =>
					(
						globalThis as unknown as { runPkiWorkload(c: WorkloadConfig): Promise<Timings> }
					).runPkiWorkload(workload),
				config
			);
			return { timings, version: browser.version() };
		} finally {
			await browser.close();
			server.close();
		}
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
