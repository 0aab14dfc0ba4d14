/**
 * How long one step may take: key generation, PBKDF2 and the legacy KDF run on a shared two-core
 * machine, beside other tests' browsers.
 */
export const SLOW_STEP_MS = 60_000;

/** The roles the pickup walk looks controls up by, always together with their accessible name. */
export type Role = 'button' | 'link' | 'heading' | 'checkbox' | 'radio';

/**
 * An accessible name as every engine computes it, white space collapsed: a string matches it whole,
 * a prefix its start (for choices whose name carries a hint or a "recommended" mark after the label).
 */
export type AccessibleName = string | { prefix: string };

export interface DownloadedFile {
	name: string;
	bytes: Buffer;
}

/**
 * One browser page as the pickup walk drives it, whatever the engine and protocol underneath:
 * Playwright (Chromium), puppeteer-core over WebDriver BiDi (Firefox) or W3C WebDriver (WebKitGTK).
 */
export interface EngineDriver {
	readonly engine: string;
	goto(url: string): Promise<void>;
	reload(): Promise<void>;
	url(): Promise<string>;
	/** Whether an element with this role and accessible name is in the page and visible. */
	isShown(role: Role, name: AccessibleName): Promise<boolean>;
	/** Whether an element with this role and accessible name has the focus. */
	isFocused(role: Role, name: AccessibleName): Promise<boolean>;
	click(role: Role, name: AccessibleName): Promise<void>;
	/**
	 * Types `text` key by key into the field labelled `label` the moment it is shown and enabled,
	 * with no click and no wait for anything else first, as a quick applicant or a script does;
	 * gives the field's whole value afterwards.
	 */
	typeOnceShown(label: string, text: string): Promise<string>;
	/** The page's visible text. */
	text(): Promise<string>;
	/** Evaluates a JavaScript expression in the page; a promise it gives is awaited. */
	evaluate<T>(expression: string): Promise<T>;
	/** The file the link with this accessible name offers: its download name and its bytes. */
	download(linkName: AccessibleName): Promise<DownloadedFile>;
	/** Console errors, uncaught exceptions and CSP violations seen so far. */
	problems(): Promise<string[]>;
	close(): Promise<void>;
}

export function sameName(name: AccessibleName, computed: string): boolean {
	const normalized = computed.replace(/\s+/g, ' ').trim();
	return typeof name === 'string' ? normalized === name : normalized.startsWith(name.prefix);
}

export function describeName(name: AccessibleName): string {
	return typeof name === 'string' ? `"${name}"` : `starting "${name.prefix}"`;
}
