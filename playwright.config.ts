import { defineConfig } from '@playwright/test';
import type { Engine } from './tests/engines/fixtures.ts';

export const chromiumArgs = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic'
];

/**
 * The end-to-end tests run in Chromium's headless shell (Debian's chromium-headless-shell, the build
 * Playwright itself runs headless): the same Blink, V8, WebCrypto, storage and service workers as the
 * browser, without its windowing and UI layer, for half of the browser's CPU. The pickup walk in
 * tests/engines runs in the whole browser (`/usr/bin/chromium`), as applicants have it.
 */
export const headlessShellPath =
	process.env.CHROMIUM_HEADLESS_SHELL_PATH ?? '/usr/bin/chromium-headless-shell';

const IN_HEADLESS_SHELL = {
	browserName: 'chromium',
	acceptDownloads: true,
	launchOptions: { executablePath: headlessShellPath, args: chromiumArgs }
} as const;

export default defineConfig<object, { engine: Engine }>({
	timeout: 180_000,
	expect: { timeout: 30_000 },
	fullyParallel: true,
	// Three on two cores: each test waits much of its time for its server, its browser's key work
	// or a timer in the app, which another worker's test uses.
	workers: 3,
	forbidOnly: !!process.env.CI,
	// CI shares its two cores with a browser and servers: one retry, reported as flaky, not hidden.
	retries: process.env.CI ? 1 : 0,
	reporter: [['list']],
	// The reference servers start from a bundle built for this run (server/server-bundle.ts).
	globalSetup: './tests/support/server-bundle.setup.ts',
	projects: [
		// One pickup walk (tests/engines/walk.ts) in each engine, each driven by its own protocol. An
		// engine's walks run one after another in one worker: one browser and one server for them all,
		// where spreading them over three workers would start three of each. They come first, so that
		// the three engines run side by side and no engine's walks are left for the end.
		...(['chromium', 'firefox', 'webkit'] as const).map((engine) => ({
			name: `walk-${engine}`,
			testDir: 'tests/engines',
			fullyParallel: false,
			use: { engine: engine as Engine }
		})),
		// The console's files before the applicant's: their longest tests then start early instead
		// of setting the run's tail.
		{ name: 'console', testDir: 'tests/e2e/console', use: IN_HEADLESS_SHELL },
		{ name: 'chromium', testDir: 'tests/e2e', testIgnore: 'console/**', use: IN_HEADLESS_SHELL }
	]
});
