import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConsoleTexts } from '$lib/i18n/console-texts.ts';
import { loadFirstScreenTexts, localeText } from '$lib/i18n/locale-texts.ts';
import * as m from '$lib/paraglide/messages/_index.js';
import { locales } from '$lib/paraglide/runtime.js';
import { messageKeys, messageModule } from '../../../scripts/locale-texts-plugin.ts';

type Message = (inputs: Record<string, unknown>, options: { locale: string }) => string;
const messages = m as unknown as Record<string, Message>;

const compiled = (file: string) => readFileSync(`src/lib/paraglide/messages/${file}`, 'utf8');

describe('locale texts', () => {
	it('refuses a language whose texts were not loaded, instead of showing another', () => {
		expect(() => localeText(0, {}, 'nl')).toThrow('the nl texts are used before they were loaded');
	});

	it('reads the first screen with only its texts loaded, and refuses the rest until they are', async () => {
		await loadFirstScreenTexts('pt');
		const keys = messageKeys();
		const opening = keys.indexOf('opening');
		expect(localeText(opening, {}, 'pt')).toBe(messages.opening!({}, { locale: 'pt' }));
		expect(() => localeText(keys.indexOf('review_heading'), {}, 'pt')).toThrow(
			'the pt texts beyond the first screen are used before they were loaded'
		);
	});

	it("reads every message as Paraglide's own function renders it, in every language", async () => {
		// The operator console's texts too, which only the console loads.
		await Promise.all(locales.map(loadConsoleTexts));
		const keys = messageKeys();
		expect([...keys].sort()).toEqual(Object.keys(messages).sort());
		// Every placeholder any message has, each filled with a text that shows where it went.
		const inputs = Object.fromEntries(
			[...readFileSync('messages/en.json', 'utf8').matchAll(/\{(\w+)\}/g)].map(([, name]) => [
				name,
				`<${name}>`
			])
		);
		expect(Object.keys(inputs).length).toBeGreaterThan(5);
		for (const [index, key] of keys.entries()) {
			for (const locale of locales)
				expect(localeText(index, inputs, locale), `${key} in ${locale}`).toBe(
					messages[key]!(inputs, { locale })
				);
		}
	});

	it('has every message in every language, none left to fall back to the base language', () => {
		const keysOf = (locale: string) =>
			Object.keys(JSON.parse(readFileSync(`messages/${locale}.json`, 'utf8')) as object).sort();
		expect(keysOf('en')).toContain('error_attempts_left');
		for (const locale of locales) expect(keysOf(locale), locale).toEqual(keysOf('en'));
	});

	it('turns a compiled message into a look-up under the name it is exported as', () => {
		const keys = messageKeys();
		const renamed = messageModule(compiled('attr_emailaddress1.js'), keys);
		expect(renamed).toContain(
			`localeText(${keys.indexOf('attr_emailAddress')}, inputs, options.locale)`
		);
		expect(renamed).toContain('export { attr_emailaddress1 as "attr_emailAddress" };');
		const plain = messageModule(compiled('error_attempts_left.js'), keys);
		expect(plain).toContain(`localeText(${keys.indexOf('error_attempts_left')}, `);
		expect(plain).toContain('export { error_attempts_left as "error_attempts_left" };');
	});

	it('names what it cannot turn into a look-up', () => {
		expect(() => messageModule('export const x = 1;', ['y'])).toThrow(
			'message x is missing from the base language'
		);
		expect(() => messageModule(compiled('_index.js'), messageKeys())).toThrow(
			'not a compiled Paraglide message'
		);
		const languageModule =
			'export const app_title = () => "a";\nexport const app_tagline = () => "b";';
		expect(() => messageModule(languageModule, messageKeys())).toThrow(
			'not a compiled Paraglide message'
		);
	});
});
