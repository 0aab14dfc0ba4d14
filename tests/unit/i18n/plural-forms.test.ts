import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLocaleTexts, localeText } from '$lib/i18n/locale-texts.ts';
import * as m from '$lib/paraglide/messages/_index.js';
import { locales, type Locale } from '$lib/paraglide/runtime.js';
import { lookUpText, messageKeys } from '../../../scripts/locale-texts-plugin.ts';

type Message = (inputs: Record<string, unknown>, options: { locale: string }) => string;
const messages = m as unknown as Record<string, Message>;

const COUNTS = [0, 1, 2, 5] as const;
/** A message's text for each of COUNTS. */
type ForEachCount = readonly [string, string, string, string];

/** `text` with `#` replaced by the phrase for each count. */
const around = (text: string, phrases: ForEachCount) =>
	phrases.map((phrase) => text.replace('#', phrase)) as unknown as ForEachCount;

const NUMBERS: ForEachCount = ['0', '1', '2', '5'];
// A unit symbol, the same for any number in every language.
const SECONDS: ForEachCount = ['0 s', '1 s', '2 s', '5 s'];
const CHARACTERS: Record<Locale, ForEachCount> = {
	en: ['0 characters', '1 character', '2 characters', '5 characters'],
	nl: ['0 tekens', '1 teken', '2 tekens', '5 tekens'],
	fr: ['0 caractère', '1 caractère', '2 caractères', '5 caractères'],
	de: ['0 Zeichen', '1 Zeichen', '2 Zeichen', '5 Zeichen'],
	pt: ['0 caractere', '1 caractere', '2 caracteres', '5 caracteres']
};

interface CountMessage {
	key: string;
	inputs: (count: number) => Record<string, unknown>;
	texts: Record<Locale, ForEachCount>;
}

// Every message with a number in it. French and Portuguese (CLDR `pt`) take the singular for 0 too.
const COUNT_MESSAGES: CountMessage[] = [
	{
		key: 'error_attempts_left',
		inputs: (count) => ({ count }),
		texts: {
			en: around('# left before the order locks.', [
				'0 attempts',
				'1 attempt',
				'2 attempts',
				'5 attempts'
			]),
			nl: around('Nog # voordat de bestelling wordt geblokkeerd.', [
				'0 pogingen',
				'1 poging',
				'2 pogingen',
				'5 pogingen'
			]),
			fr: around('Encore # avant le blocage de la commande.', [
				'0 tentative',
				'1 tentative',
				'2 tentatives',
				'5 tentatives'
			]),
			de: around('Noch #, bevor die Bestellung gesperrt wird.', [
				'0 Versuche',
				'1 Versuch',
				'2 Versuche',
				'5 Versuche'
			]),
			pt: around('# até a encomenda ser bloqueada.', [
				'Resta 0 tentativa',
				'Resta 1 tentativa',
				'Restam 2 tentativas',
				'Restam 5 tentativas'
			])
		}
	},
	{
		key: 'pickup_password_attempts',
		inputs: (count) => ({ count }),
		texts: {
			en: around('Attempts left: #', NUMBERS),
			nl: around('Resterende pogingen: #', NUMBERS),
			fr: around('Tentatives restantes\u00a0: #', NUMBERS),
			de: around('Verbleibende Versuche: #', NUMBERS),
			pt: around('Tentativas restantes: #', NUMBERS)
		}
	},
	{
		key: 'review_validity_months',
		inputs: (months) => ({ months }),
		texts: {
			en: ['0 months', '1 month', '2 months', '5 months'],
			nl: ['0 maanden', '1 maand', '2 maanden', '5 maanden'],
			fr: ['0 mois', '1 mois', '2 mois', '5 mois'],
			de: ['0 Monate', '1 Monat', '2 Monate', '5 Monate'],
			pt: ['0 mês', '1 mês', '2 meses', '5 meses']
		}
	},
	{
		key: 'storage_capped',
		inputs: (days) => ({ days, date: '<date>' }),
		texts: {
			en: around(
				"This browser deletes the app's data from this device when you have not opened it for #, unless the app is added to your Home Screen. Finish the pickup in one sitting, or add the app to your Home Screen first. An interrupted pickup is safe here until <date>.",
				['0 days', '1 day', '2 days', '5 days']
			),
			nl: around(
				'Deze browser wist de gegevens van de app van dit apparaat als u ze # niet hebt geopend, tenzij de app op uw beginscherm staat. Rond het ophalen in één keer af, of zet de app eerst op uw beginscherm. Een onderbroken ophaalactie blijft hier veilig tot <date>.',
				['0 dagen', '1 dag', '2 dagen', '5 dagen']
			),
			fr: around(
				'Ce navigateur efface les données de l’application de cet appareil si vous ne l’avez pas ouverte pendant #, sauf si l’application est ajoutée à l’écran d’accueil. Terminez le retrait d’une traite, ou ajoutez d’abord l’application à l’écran d’accueil. Un retrait interrompu reste en sécurité ici jusqu’au <date>.',
				['0 jour', '1 jour', '2 jours', '5 jours']
			),
			de: around(
				'Dieser Browser löscht die Daten der App von diesem Gerät, wenn Sie sie # nicht geöffnet haben, es sei denn, die App ist zum Home-Bildschirm hinzugefügt. Schließen Sie die Abholung in einem Durchgang ab oder fügen Sie die App zuerst zum Home-Bildschirm hinzu. Eine unterbrochene Abholung ist hier bis <date> sicher.',
				['0 Tage', '1 Tag', '2 Tage', '5 Tage']
			),
			pt: around(
				'Este navegador apaga os dados da aplicação deste dispositivo se não a abrir durante #, a menos que a aplicação esteja no ecrã principal. Conclua o levantamento de uma só vez ou adicione primeiro a aplicação ao ecrã principal. Um levantamento interrompido fica seguro aqui até <date>.',
				['0 dia', '1 dia', '2 dias', '5 dias']
			)
		}
	},
	{
		key: 'rule_min_length',
		inputs: (min) => ({ min }),
		texts: {
			en: around('at least #', CHARACTERS.en),
			nl: around('minstens #', CHARACTERS.nl),
			fr: around('au moins #', CHARACTERS.fr),
			de: around('mindestens #', CHARACTERS.de),
			pt: around('pelo menos #', CHARACTERS.pt)
		}
	},
	{
		key: 'rule_max_length',
		inputs: (max) => ({ max }),
		texts: {
			en: around('at most #', CHARACTERS.en),
			nl: around('hoogstens #', CHARACTERS.nl),
			fr: around('au plus #', CHARACTERS.fr),
			de: around('höchstens #', CHARACTERS.de),
			pt: around('no máximo #', CHARACTERS.pt)
		}
	},
	{
		key: 'rule_target_max_length',
		inputs: (max) => ({ max, purpose: '<purpose>' }),
		texts: {
			en: around('at most # <purpose>', CHARACTERS.en),
			nl: around('hoogstens # <purpose>', CHARACTERS.nl),
			fr: around('au plus # <purpose>', CHARACTERS.fr),
			de: around('höchstens # <purpose>', CHARACTERS.de),
			pt: around('no máximo # <purpose>', CHARACTERS.pt)
		}
	},
	{
		key: 'rule_character_classes',
		inputs: (required) => ({ required }),
		texts: {
			en: around('# of: lowercase, uppercase, digit, symbol', NUMBERS),
			nl: around('# van: kleine letter, hoofdletter, cijfer, symbool', NUMBERS),
			fr: around('# parmi\u00a0: minuscule, majuscule, chiffre, symbole', NUMBERS),
			de: around('# aus: Kleinbuchstabe, Großbuchstabe, Ziffer, Sonderzeichen', NUMBERS),
			pt: around('# de: minúscula, maiúscula, algarismo, símbolo', NUMBERS)
		}
	},
	{
		key: 'stage_waiting',
		inputs: (seconds) => ({ seconds }),
		texts: {
			en: around('Waiting for the certificate authority (next check in #)', SECONDS),
			nl: around('Wachten op de certificaatautoriteit (volgende controle over #)', SECONDS),
			fr: around(
				'En attente de l’autorité de certification (prochaine vérification dans #)',
				SECONDS
			),
			de: around('Warten auf die Zertifizierungsstelle (nächste Prüfung in #)', SECONDS),
			pt: around(
				'A aguardar a autoridade de certificação (próxima verificação dentro de #)',
				SECONDS
			)
		}
	},
	{
		key: 'stage_server_busy_hint',
		inputs: (seconds) => ({ seconds }),
		texts: {
			en: around(
				'The pickup server cannot take the request right now. Nothing is lost: the app tries again by itself (next try in #).',
				SECONDS
			),
			nl: around(
				'De ophaalserver kan de aanvraag nu niet aannemen. Er gaat niets verloren: de app probeert het vanzelf opnieuw (volgende poging over #).',
				SECONDS
			),
			fr: around(
				'Le serveur de retrait ne peut pas traiter la demande pour le moment. Rien n’est perdu : l’application réessaie d’elle-même (prochain essai dans #).',
				SECONDS
			),
			de: around(
				'Der Abholserver kann die Anforderung gerade nicht annehmen. Nichts geht verloren: Die App versucht es von selbst erneut (nächster Versuch in #).',
				SECONDS
			),
			pt: around(
				'O servidor de levantamento não pode receber o pedido neste momento. Nada se perde: a aplicação tenta de novo automaticamente (próxima tentativa dentro de #).',
				SECONDS
			)
		}
	},
	{
		key: 'stage_request_waiting_network',
		inputs: (seconds) => ({ seconds }),
		texts: {
			en: around(
				'Waiting for the connection to send the request; it goes out by itself (next try in #).',
				SECONDS
			),
			nl: around(
				'Wachten op de verbinding om de aanvraag te versturen; dat gebeurt vanzelf (volgende poging over #).',
				SECONDS
			),
			fr: around(
				'En attente de la connexion pour envoyer la demande ; elle partira d’elle-même (prochain essai dans #).',
				SECONDS
			),
			de: around(
				'Warten auf die Verbindung, um die Anforderung zu senden; das geschieht von selbst (nächster Versuch in #).',
				SECONDS
			),
			pt: around(
				'A aguardar a ligação para enviar o pedido; será enviado automaticamente (próxima tentativa dentro de #).',
				SECONDS
			)
		}
	},
	{
		key: 'kiosk_idle_text',
		inputs: (seconds) => ({ seconds }),
		texts: {
			en: around(
				'For your privacy, this session ends in # and everything you entered is deleted.',
				SECONDS
			),
			nl: around(
				'Voor uw privacy eindigt deze sessie over # en wordt alles wat u hebt ingevoerd verwijderd.',
				SECONDS
			),
			fr: around(
				'Pour protéger votre vie privée, cette session se termine dans # et tout ce que vous avez saisi sera effacé.',
				SECONDS
			),
			de: around(
				'Zum Schutz Ihrer Daten endet diese Sitzung in #, und alles, was Sie eingegeben haben, wird gelöscht.',
				SECONDS
			),
			pt: around(
				'Para proteger a sua privacidade, esta sessão termina dentro de # e tudo o que introduziu será apagado.',
				SECONDS
			)
		}
	},
	{
		key: 'kiosk_finished_countdown',
		inputs: (seconds) => ({ seconds }),
		texts: {
			en: around('This kiosk is cleared for the next person in #.', SECONDS),
			nl: around('Deze kiosk wordt over # gewist voor de volgende persoon.', SECONDS),
			fr: around('Cette borne sera effacée pour la personne suivante dans #.', SECONDS),
			de: around('Dieser Kiosk wird in # für die nächste Person geleert.', SECONDS),
			pt: around('Este quiosque será limpo para a pessoa seguinte dentro de #.', SECONDS)
		}
	}
];

/** The messages some language gives in plural forms (variants instead of one text). */
function messagesInPluralForms(): Set<string> {
	const keys = new Set<string>();
	for (const locale of locales) {
		const texts = JSON.parse(readFileSync(`messages/${locale}.json`, 'utf8')) as object;
		for (const [key, text] of Object.entries(texts)) if (Array.isArray(text)) keys.add(key);
	}
	return keys;
}

beforeAll(() => Promise.all(locales.map(loadLocaleTexts)));

describe('counts in the messages', () => {
	it.each(COUNT_MESSAGES.flatMap(({ key }) => locales.map((locale) => [key, locale] as const)))(
		'%s in %s takes the plural form of 0, 1, 2 and 5, in Paraglide’s function and in the build’s look-up',
		(key, locale) => {
			const { inputs, texts } = COUNT_MESSAGES.find((message) => message.key === key)!;
			const index = messageKeys().indexOf(key);
			expect(COUNTS.map((count) => messages[key]!(inputs(count), { locale }))).toEqual(
				texts[locale]
			);
			expect(COUNTS.map((count) => localeText(index, inputs(count), locale))).toEqual(
				texts[locale]
			);
		}
	);

	it('are all tested above where a message has plural forms', () => {
		const inPluralForms = messagesInPluralForms();
		expect(inPluralForms).toContain('error_attempts_left');
		const tested = COUNT_MESSAGES.map(({ key }) => key);
		expect([...inPluralForms].filter((key) => !tested.includes(key))).toEqual([]);
	});

	it('take in the look-up the form Paraglide’s function takes, also for fractions and millions', () => {
		const keys = messageKeys();
		for (const key of messagesInPluralForms()) {
			const { inputs } = COUNT_MESSAGES.find((message) => message.key === key)!;
			for (const locale of locales)
				for (const count of [1.5, 21, 1_000_000])
					expect(localeText(keys.indexOf(key), inputs(count), locale), `${key}, ${count}`).toBe(
						messages[key]!(inputs(count), { locale })
					);
		}
	});
});

describe('a message in plural forms, for the look-up', () => {
	const declarations = ['input n', 'local nPlural = n: plural'];

	it('keeps the count’s input and a text per category, the rest under `*`', () => {
		const match = { 'nPlural=one': '{n} try', 'nPlural=*': '{n} tries' };
		expect(lookUpText('tries', 'en', [{ declarations, selectors: ['nPlural'], match }])).toEqual({
			plural: 'n',
			forms: { one: '{n} try', '*': '{n} tries' }
		});
	});

	it.each([
		[
			'a variant after `*`, which Paraglide never shows',
			{ declarations, selectors: ['nPlural'], match: { 'nPlural=*': 'a', 'nPlural=one': 'b' } },
			'the last variant is not `*`'
		],
		[
			'no `*`, where Paraglide shows the message’s name',
			{ declarations, selectors: ['nPlural'], match: { 'nPlural=one': 'a', 'nPlural=other': 'b' } },
			'the last variant is not `*`'
		],
		[
			'a selection on the input itself',
			{ declarations: ['input n'], selectors: ['n'], match: { 'n=1': 'a', 'n=*': 'b' } },
			'n is not declared as a plural of an input'
		],
		[
			'two selectors',
			{
				declarations: [...declarations, 'input k', 'local kPlural = k: plural'],
				selectors: ['nPlural', 'kPlural'],
				match: { 'nPlural=*, kPlural=*': 'a' }
			},
			'not one selector'
		]
	])('refuses %s', (_, variants, why) => {
		expect(() => lookUpText('tries', 'en', [variants])).toThrow(`message tries in en: ${why}`);
	});
});
