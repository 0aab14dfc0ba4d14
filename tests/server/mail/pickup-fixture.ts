/** One order's pickup e-mail input, and what it must read like in each language. */
import type { MailLocale } from '../../../server/mail/locales.ts';
import type { PickupMailInput } from '../../../server/mail/pickup-mail.ts';

export const NOW = new Date('2025-06-02T08:00:00Z');
/** 30 days after NOW: 10:00 in Brussels, summer time. */
export const DEADLINE = '2025-07-02T08:00:00Z';
export const ORDER_ID = 'ord_4f9a2b7c';
export const LINK_SECRET = 'q3Yx8mZ1vK0pL7sT2wR9aBcDeFgHiJkL';
export const LINK = `https://pickup.example.be/pickup#o=${ORDER_ID}&s=${LINK_SECRET}`;
export const CONTACT = 'the Example CA desk, +32 2 000 00 00';

export function pickupInput(
	locale: MailLocale,
	changes: Partial<PickupMailInput> = {}
): PickupMailInput {
	return {
		to: 'jan.peeters@example.be',
		locale,
		holderName: 'Jan Peeters',
		organization: 'Example BV',
		productName: 'Personal signing certificate (Pro)',
		link: LINK,
		pickupDeadline: DEADLINE,
		isReissue: false,
		contact: CONTACT,
		caName: 'Example CA',
		now: NOW,
		...changes
	};
}

export interface ExpectedWording {
	subject: string;
	reissueSubject: string;
	date: string;
	daysLeft: string;
	oneDayLeft: string;
	twoDaysLeft: string;
	password: string;
	device: string;
	contact: string;
	reissue: string;
	pickupCodeLabel: string;
}

// Written out by hand rather than taken from server/mail/wording, so a changed or lost sentence
// fails here.
const NBSP = '\u00a0';

export const EXPECTED: Record<MailLocale, ExpectedWording> = {
	en: {
		subject: 'Pick up your certificate: Jan Peeters',
		reissueSubject: 'Pick up your reissued certificate: Jan Peeters',
		date: 'Wednesday, 2 July 2025 at 10:00 CEST',
		daysLeft: `30${NBSP}days left`,
		oneDayLeft: `1${NBSP}day left`,
		twoDaysLeft: `2${NBSP}days left`,
		password: 'Use the pickup password you chose when you ordered.',
		device: 'Do this on the device where you will use the certificate',
		contact: `Contact ${CONTACT}.`,
		reissue: 'This is a reissue',
		pickupCodeLabel: 'Pickup code:'
	},
	nl: {
		subject: 'Haal uw certificaat op: Jan Peeters',
		reissueSubject: 'Haal uw opnieuw uitgegeven certificaat op: Jan Peeters',
		date: 'woensdag 2 juli 2025 om 10:00 CEST',
		daysLeft: `nog 30${NBSP}dagen`,
		oneDayLeft: `nog 1${NBSP}dag`,
		twoDaysLeft: `nog 2${NBSP}dagen`,
		password: 'Gebruik het ophaalwachtwoord dat u koos toen u bestelde.',
		device: 'Doe dit op het apparaat waarop u het certificaat gaat gebruiken',
		contact: `Neem contact op met ${CONTACT}.`,
		reissue: 'Dit is een heruitgifte',
		pickupCodeLabel: 'Ophaalcode:'
	},
	fr: {
		subject: `Retirez votre certificat${NBSP}: Jan Peeters`,
		reissueSubject: `Retirez votre certificat réémis${NBSP}: Jan Peeters`,
		date: 'mercredi 2 juillet 2025 à 10:00 UTC+2',
		daysLeft: `il reste 30${NBSP}jours`,
		oneDayLeft: `il reste 1${NBSP}jour`,
		twoDaysLeft: `il reste 2${NBSP}jours`,
		password: 'Utilisez le mot de passe de retrait que vous avez choisi lors de la commande.',
		device: 'Faites-le sur l’appareil où vous utiliserez le certificat',
		contact: `Contactez ${CONTACT}.`,
		reissue: 'Il s’agit d’une réémission',
		pickupCodeLabel: `Code de retrait${NBSP}:`
	},
	de: {
		subject: 'Holen Sie Ihr Zertifikat ab: Jan Peeters',
		reissueSubject: 'Holen Sie Ihr neu ausgestelltes Zertifikat ab: Jan Peeters',
		date: 'Mittwoch, 2. Juli 2025 um 10:00 MESZ',
		daysLeft: `noch 30${NBSP}Tage`,
		oneDayLeft: `noch 1${NBSP}Tag`,
		twoDaysLeft: `noch 2${NBSP}Tage`,
		password: 'Verwenden Sie das Abholpasswort, das Sie bei der Bestellung gewählt haben.',
		device: 'Tun Sie dies auf dem Gerät, auf dem Sie das Zertifikat verwenden werden',
		contact: `Wenden Sie sich an ${CONTACT}.`,
		reissue: 'Dies ist eine Neuausstellung',
		pickupCodeLabel: 'Abholcode:'
	},
	pt: {
		subject: 'Levante o seu certificado: Jan Peeters',
		reissueSubject: 'Levante o seu certificado reemitido: Jan Peeters',
		date: 'quarta-feira, 2 de julho de 2025 às 10:00 CEST',
		daysLeft: `faltam 30${NBSP}dias`,
		oneDayLeft: `falta 1${NBSP}dia`,
		twoDaysLeft: `faltam 2${NBSP}dias`,
		password: 'Utilize a palavra-passe de levantamento que escolheu quando fez a encomenda.',
		device: 'Faça isto no dispositivo onde vai utilizar o certificado',
		contact: `Contacte ${CONTACT}.`,
		reissue: 'Trata-se de uma reemissão',
		pickupCodeLabel: 'Código de levantamento:'
	}
};

/** What a reader sees of an HTML part: the text without tags, entities decoded. */
export function visibleText(html: string): string {
	return html
		.replace(/<(style|title)[^>]*>[\s\S]*?<\/\1>/g, '')
		.replace(/<[^>]+>/g, ' ')
		.replace(/&(lt|gt|quot|#39|amp);/g, (_, name: string) => ENTITIES[name] ?? '')
		.replace(/[ \t\r\n]+/g, ' ');
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' };
