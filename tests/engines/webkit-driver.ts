import { spawn, type ChildProcess } from 'node:child_process';
import { Builder, error, type WebDriver, type WebElement } from 'selenium-webdriver';
import { freePort } from '../support/server.ts';
import {
	describeName,
	sameName,
	type AccessibleName,
	type DownloadedFile,
	type EngineDriver,
	type Role,
	SLOW_STEP_MS
} from './driver.ts';
import { FIELD_ONCE_SHOWN, PAGE_PROBE, READ_LINK_BLOB, TAKE_PROBLEMS } from './page-probe.ts';

export const WEBKIT_DRIVER_PATH = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER_PATH =
	process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** WebKitWebDriver under its own virtual X display: it starts one MiniBrowser per session. */
export interface WebKitDriverServer {
	url: string;
	stop(): Promise<void>;
}

export async function startWebKitDriver(): Promise<WebKitDriverServer> {
	const port = await freePort();
	// xvfb-run -a looks for a free display from -n on; distinct starts keep parallel workers apart.
	const child: ChildProcess = spawn(
		'xvfb-run',
		['-a', '-n', String(100 + (port % 800)), WEBKIT_DRIVER_PATH, `--port=${port}`],
		{ stdio: 'ignore', detached: true }
	);
	const url = `http://127.0.0.1:${port}`;
	for (let attempt = 0; ; attempt++) {
		try {
			const status = (await (await fetch(`${url}/status`)).json()) as { value: { ready: boolean } };
			if (status.value.ready) break;
		} catch (error) {
			if (attempt >= 100 || child.exitCode !== null)
				throw new Error(`WebKitWebDriver did not start on ${url}`, { cause: error });
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return {
		url,
		async stop() {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			process.kill(-child.pid!, 'SIGTERM');
			await exited;
		}
	};
}

export class SessionStartTimeout extends Error {
	constructor(url: string, limitMs: number) {
		super(`WebKitWebDriver at ${url} started no session in ${limitMs / 1000} s`);
	}
}

/** The tags that can carry each role natively, plus anything with an explicit role. */
const CANDIDATES: Record<Role, string> = {
	button: 'button, input[type="button"], input[type="submit"], [role="button"]',
	link: 'a[href], [role="link"]',
	heading: 'h1, h2, h3, h4, h5, h6, [role="heading"]',
	checkbox: 'input[type="checkbox"], [role="checkbox"]',
	radio: 'input[type="radio"], [role="radio"]'
};

/**
 * A MiniBrowser session over classic W3C WebDriver. Controls are found by the role and accessible
 * name WebKit itself computes (WebDriver's Get Computed Role and Get Computed Label). Classic
 * WebDriver cannot run a script before the page's own, so the page probe goes in right after each load.
 */
export async function webkitDriver(
	server: WebKitDriverServer,
	sessionStartLimitMs: number
): Promise<EngineDriver> {
	const session = new Builder()
		.usingServer(server.url)
		.withCapabilities({
			browserName: 'MiniBrowser',
			'webkitgtk:browserOptions': { binary: MINIBROWSER_PATH, args: ['--automation'] }
		})
		.build();
	let timer: NodeJS.Timeout | undefined;
	const driver: WebDriver = await Promise.race([
		session,
		new Promise<never>((_, reject) => {
			timer = setTimeout(
				() => reject(new SessionStartTimeout(server.url, sessionStartLimitMs)),
				sessionStartLimitMs
			);
		})
	]).finally(() => clearTimeout(timer));
	// A script that waits for a step (FIELD_ONCE_SHOWN) may wait as long as the walk waits for one;
	// WebDriver's default would end it after 30 s.
	await driver.manage().setTimeouts({ script: SLOW_STEP_MS });
	const version = (await driver.getCapabilities()).get('browserVersion') as string;
	const problems: string[] = [];
	const installProbe = () => driver.executeScript(PAGE_PROBE);
	const takeProbeProblems = async () =>
		problems.push(...((await driver.executeScript(`return ${TAKE_PROBLEMS}`)) as string[]));

	const findAll = async (
		selector: string,
		accepts: (element: WebElement) => Promise<boolean>
	): Promise<WebElement[]> => {
		// The visible candidates come in one round trip, then each one's role and name in one each;
		// the app may replace an element meanwhile.
		for (let attempt = 1; ; attempt++) {
			try {
				const found: WebElement[] = [];
				const shown = (await driver.executeScript(
					'return [...document.querySelectorAll(arguments[0])].filter((element) => element.checkVisibility())',
					selector
				)) as WebElement[];
				for (const element of shown) {
					if (await accepts(element)) found.push(element);
				}
				return found;
			} catch (failure) {
				if (!(failure instanceof error.StaleElementReferenceError) || attempt === 5) throw failure;
			}
		}
	};
	const byRole = (role: Role, name: AccessibleName) =>
		findAll(
			CANDIDATES[role],
			async (element) =>
				(await element.getAriaRole()) === role && sameName(name, await element.getAccessibleName())
		);
	const one = async (what: string, found: Promise<WebElement[]>) => {
		const elements = await found;
		if (elements.length !== 1) throw new Error(`expected one ${what}, found ${elements.length}`);
		return elements[0]!;
	};

	return {
		engine: `WebKitGTK ${version}`,
		async goto(url) {
			await driver.get(url);
			await installProbe();
		},
		async reload() {
			await takeProbeProblems();
			await driver.navigate().refresh();
			await installProbe();
		},
		async url() {
			return driver.getCurrentUrl();
		},
		async isShown(role, name) {
			return (await byRole(role, name)).length > 0;
		},
		async isFocused(role, name) {
			const active = await driver.switchTo().activeElement().getId();
			for (const element of await byRole(role, name)) {
				if ((await element.getId()) === active) return true;
			}
			return false;
		},
		async click(role, name) {
			await (await one(`${role} named ${describeName(name)}`, byRole(role, name))).click();
		},
		async typeOnceShown(label, text) {
			const field = (await driver.executeScript(
				`return (${FIELD_ONCE_SHOWN})(arguments[0])`,
				label
			)) as WebElement;
			await field.sendKeys(text);
			return (await driver.executeScript('return arguments[0].value', field)) as string;
		},
		async text() {
			return (await driver.executeScript('return document.body.innerText')) as string;
		},
		async evaluate<T>(expression: string) {
			return (await driver.executeScript(`return (${expression})`)) as T;
		},
		async download(linkName): Promise<DownloadedFile> {
			const link = await one(`link named ${describeName(linkName)}`, byRole('link', linkName));
			const { name, base64 } = (await driver.executeScript(
				`return (${READ_LINK_BLOB})(arguments[0])`,
				link
			)) as { name: string; base64: string };
			return { name, bytes: Buffer.from(base64, 'base64') };
		},
		async problems() {
			await takeProbeProblems();
			return problems.splice(0);
		},
		async close() {
			await driver.quit();
		}
	};
}
