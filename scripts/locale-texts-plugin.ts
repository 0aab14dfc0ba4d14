/**
 * Paraglide compiles every message into a function that carries the text in all five languages,
 * so each chunk brought all five. This plugin leaves three chunks of texts per language, the first
 * screen's (scripts/first-screen-messages.ts), the rest of the applicant's, and the operator
 * console's (`console_…` messages, which an applicant never loads), fetched by
 * src/lib/i18n/locale-texts.ts for the language in use, and turns each compiled message into a
 * look-up by number into those texts.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import type { LocaleText } from 'virtual:locale-texts';
import { FIRST_SCREEN_MESSAGES } from './first-screen-messages.ts';

const SETTINGS = 'project.inlang/settings.json';
export const INDEX_ID = 'virtual:locale-texts';
const RUNTIME = resolve('src/lib/i18n/locale-texts.ts');
const COMPILED_MESSAGE = /\/src\/lib\/paraglide\/messages\/(?!_index\.js)[^/]+\.js$/;

interface Settings {
	baseLocale: string;
	locales: string[];
	'plugin.inlang.messageFormat': { pathPattern: string };
}

/** A message that differs by a count, as the message format plugin keeps it. */
interface VariantsMessage {
	declarations?: string[];
	selectors?: string[];
	match: Record<string, string>;
}
type Texts = Record<string, string | VariantsMessage[]>;
export type TextsPart = 'first' | 'later' | 'console';
const PARTS: readonly TextsPart[] = ['first', 'later', 'console'];
const APPLICANT_PARTS: readonly TextsPart[] = ['first', 'later'];
/** The console's loaders, a module of their own: the applicant's index names no console chunk. */
export const CONSOLE_LOADERS_ID = `${INDEX_ID}/console-loaders`;
/** The operator console's messages: a part of their own, never in an applicant's chunks. */
export const CONSOLE_PREFIX = 'console_';

function readSettings(): Settings {
	return JSON.parse(readFileSync(SETTINGS, 'utf8')) as Settings;
}

function textsPath(settings: Settings, locale: string): string {
	return resolve(
		'project.inlang',
		'..',
		settings['plugin.inlang.messageFormat'].pathPattern.replace('{locale}', locale)
	);
}

function readTexts(settings: Settings, locale: string): Texts {
	const texts = JSON.parse(readFileSync(textsPath(settings, locale), 'utf8')) as Texts;
	delete texts.$schema;
	return texts;
}

/**
 * The message keys in the order the texts are numbered: the first screen's, then the rest of the
 * applicant's, then the console's, each in the base language's file order.
 */
export function messageKeys(): string[] {
	const settings = readSettings();
	const keys = Object.keys(readTexts(settings, settings.baseLocale));
	const unknown = FIRST_SCREEN_MESSAGES.filter((key) => !keys.includes(key));
	if (unknown.length)
		throw new Error(`first-screen messages missing from the base language: ${unknown}`);
	return PARTS.flatMap((part) => keys.filter((key) => partOf(key) === part));
}

function partOf(key: string): TextsPart {
	if (FIRST_SCREEN_MESSAGES.includes(key)) return 'first';
	return key.startsWith(CONSOLE_PREFIX) ? 'console' : 'later';
}

/** Where each part's texts start in the numbering, and where the last one ends. */
export function partStarts(keys: readonly string[] = messageKeys()): Record<TextsPart, number> & {
	end: number;
} {
	const start = (part: TextsPart) => {
		const index = keys.findIndex((key) => partOf(key) === part);
		return index === -1 ? keys.length : index;
	};
	return { first: 0, later: start('later'), console: start('console'), end: keys.length };
}

/** One part of one language's texts by number; a text it lacks is the base language's, as Paraglide does. */
export function localeTextsModule(locale: string, part: TextsPart): string {
	const settings = readSettings();
	const base = readTexts(settings, settings.baseLocale);
	const own = readTexts(settings, locale);
	const keys = messageKeys();
	const starts = partStarts(keys);
	const next = PARTS[PARTS.indexOf(part) + 1];
	const [start, end] = [starts[part], next ? starts[next] : starts.end];
	const texts = keys
		.slice(start, end)
		.map((key) => lookUpText(key, locale, own[key] ?? base[key]!));
	return `export default ${JSON.stringify(texts)};`;
}

const PLURAL_DECLARATION = /^local (\w+) = (\w+): plural$/;

function unreadable(key: string, locale: string, why: string): never {
	throw new Error(`message ${key} in ${locale}: ${why}; only plural forms of one count are read`);
}

/**
 * A message as src/lib/i18n/locale-texts.ts reads it: a text, or for a message in plural forms
 * the count's input and a text per plural category, `*` for the rest. A message that selects in
 * any other way is refused rather than shown in a form Paraglide's own function would not choose.
 */
export function lookUpText(key: string, locale: string, message: Texts[string]): LocaleText {
	if (typeof message === 'string') return message;
	const [variants, ...more] = message;
	if (!variants || more.length) unreadable(key, locale, 'not one object of variants');
	const { declarations = [], selectors = [], match } = variants;
	const [selector] = selectors;
	if (!selector || selectors.length > 1) unreadable(key, locale, 'not one selector');
	const count = declarations
		.map((declaration) => PLURAL_DECLARATION.exec(declaration))
		.find((parsed) => parsed?.[1] === selector)?.[2];
	if (!count) unreadable(key, locale, `${selector} is not declared as a plural of an input`);
	const forms: Record<string, string> = {};
	for (const [variant, text] of Object.entries(match)) {
		const [, matched, category] = /^(\w+)\s*=\s*([\w*]+)$/.exec(variant) ?? [];
		if (matched !== selector || !category)
			unreadable(key, locale, `variant ${variant} does not match ${selector}`);
		forms[category] = text;
	}
	// Paraglide returns the first variant that matches: one after `*` would never be shown.
	if (Object.keys(forms).at(-1) !== '*') unreadable(key, locale, 'the last variant is not `*`');
	return { plural: count, forms };
}

/** The compiled message module, as a look-up of its text in the language in use. */
export function messageModule(compiled: string, keys: readonly string[]): string {
	// One export: a message module, not a language module (Paraglide's output in `vite dev`).
	if (compiled.match(/^export /gm)?.length !== 1)
		throw new Error('not a compiled Paraglide message');
	const renamed = /export \{ (\w+) as "([^"]+)" \}/.exec(compiled);
	const plain = /export const (\w+) =/.exec(compiled);
	const [local, key] = renamed ? [renamed[1]!, renamed[2]!] : [plain?.[1], plain?.[1]];
	if (!local || !key) throw new Error('not a compiled Paraglide message');
	const index = keys.indexOf(key);
	if (index === -1) throw new Error(`message ${key} is missing from the base language`);
	return [
		`import { localeText } from ${JSON.stringify(RUNTIME)};`,
		`const ${local} = (inputs = {}, options = {}) => localeText(${index}, inputs, options.locale);`,
		`export { ${local} as ${JSON.stringify(key)} };`
	].join('\n');
}

/**
 * `lookUp`: whether compiled messages become look-ups in a build. Component tests render
 * Paraglide's own functions, which need nothing loaded; they still get the language chunks, for the
 * tests that compare the two. `vite dev` keeps Paraglide's functions too: there its plugin compiles
 * one module per language, not per message.
 */
export function localeTexts({ lookUp }: { lookUp: boolean }): Plugin {
	let building = false;
	return {
		name: 'locale-texts',
		enforce: 'post',
		configResolved(config) {
			building = config.command === 'build';
		},
		resolveId(id) {
			if (id === INDEX_ID || id.startsWith(`${INDEX_ID}/`)) return `\0${id}`;
		},
		load(id) {
			if (!id.startsWith(`\0${INDEX_ID}`)) return;
			const settings = readSettings();
			for (const locale of settings.locales) this.addWatchFile(textsPath(settings, locale));
			if (id === `\0${INDEX_ID}`) {
				const loaders = settings.locales.map((locale) => {
					const parts = APPLICANT_PARTS.map(
						(part) => `${part}: () => import("${INDEX_ID}/${locale}/${part}")`
					);
					return `${JSON.stringify(locale)}: {${parts.join(', ')}}`;
				});
				return [
					`export const firstScreenCount = ${partStarts().later};`,
					`export const textLoaders = {${loaders.join(', ')}};`
				].join('\n');
			}
			if (id === `\0${CONSOLE_LOADERS_ID}`) {
				const loaders = settings.locales.map(
					(locale) => `${JSON.stringify(locale)}: () => import("${INDEX_ID}/${locale}/console")`
				);
				const starts = partStarts();
				return [
					`export const laterCount = ${starts.console - starts.later};`,
					`export const consoleLoaders = {${loaders.join(', ')}};`
				].join('\n');
			}
			const [locale, part] = id.slice(`\0${INDEX_ID}/`.length).split('/');
			return localeTextsModule(locale!, part as TextsPart);
		},
		transform(code, id) {
			if (lookUp && building && COMPILED_MESSAGE.test(id))
				return messageModule(code, messageKeys());
		}
	};
}
