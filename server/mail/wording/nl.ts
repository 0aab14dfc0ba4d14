import type { PickupWording } from './wording.ts';

export const nl: PickupWording = {
	intlLocale: 'nl-BE',
	subject: (holderName, isReissue) =>
		`Haal uw ${isReissue ? 'opnieuw uitgegeven ' : ''}certificaat op: ${holderName}`,
	heading: (isReissue) =>
		`Uw ${isReissue ? 'opnieuw uitgegeven ' : ''}certificaat staat klaar om op te halen`,
	intro: (caName) => `${caName} heeft dit certificaat voor u klaargezet:`,
	holderLabel: 'Certificaat voor:',
	productLabel: 'Product:',
	reissueNote:
		'Dit is een heruitgifte: deze ophaallink vervangt een eerdere link, die niet meer werkt.',
	button: 'Certificaat ophalen',
	linkIntro: 'Open deze link om uw certificaat op te halen:',
	linkFallback: 'Werkt de knop niet? Kopieer dan deze link naar uw browser:',
	deadline: (date, daysLeft) => `Haal het op vóór ${date} (${daysLeft}).`,
	daysLeft: { one: (days) => `nog ${days}\u00a0dag`, other: (days) => `nog ${days}\u00a0dagen` },
	password:
		'Gebruik het ophaalwachtwoord dat u koos toen u bestelde. Voor uw veiligheid staat het niet in deze e-mail.',
	device:
		'Doe dit op het apparaat waarop u het certificaat gaat gebruiken: de sleutel wordt daar gemaakt en blijft daar.',
	kiosk:
		'Staat u aan een kiosk, bijvoorbeeld bij de Kamer van Koophandel? Scan de QR-code, of typ het ordernummer en de ophaalcode.',
	qrAlt: 'QR-code van uw ophaallink',
	orderNumberLabel: 'Ordernummer:',
	pickupCodeLabel: 'Ophaalcode:',
	confidential: 'De link en de codes zijn alleen voor u bedoeld: stuur deze e-mail niet door.',
	contact: (contact) =>
		`Hebt u dit certificaat niet besteld, of hebt u een vraag? Neem contact op met ${contact}.`
};
