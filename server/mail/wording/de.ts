import type { PickupWording } from './wording.ts';

export const de: PickupWording = {
	intlLocale: 'de-BE',
	subject: (holderName, isReissue) =>
		`Holen Sie Ihr ${isReissue ? 'neu ausgestelltes ' : ''}Zertifikat ab: ${holderName}`,
	heading: (isReissue) =>
		`Ihr ${isReissue ? 'neu ausgestelltes ' : ''}Zertifikat liegt zur Abholung bereit`,
	intro: (caName) => `${caName} hat dieses Zertifikat für Sie vorbereitet:`,
	holderLabel: 'Zertifikat für:',
	productLabel: 'Produkt:',
	reissueNote:
		'Dies ist eine Neuausstellung: Dieser Abhollink ersetzt einen früheren Link, der nicht mehr funktioniert.',
	button: 'Zertifikat abholen',
	linkIntro: 'Öffnen Sie diesen Link, um Ihr Zertifikat abzuholen:',
	linkFallback:
		'Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in Ihren Browser:',
	deadline: (date, daysLeft) => `Bitte holen Sie es bis ${date} ab (${daysLeft}).`,
	daysLeft: { one: (days) => `noch ${days}\u00a0Tag`, other: (days) => `noch ${days}\u00a0Tage` },
	password:
		'Verwenden Sie das Abholpasswort, das Sie bei der Bestellung gewählt haben. Zu Ihrer Sicherheit steht es nicht in dieser E-Mail.',
	device:
		'Tun Sie dies auf dem Gerät, auf dem Sie das Zertifikat verwenden werden: Der Schlüssel wird dort erzeugt und bleibt dort.',
	kiosk:
		'Sie sind an einem Kiosk, etwa in einer Industrie- und Handelskammer? Scannen Sie den QR-Code, oder geben Sie Bestellnummer und Abholcode ein.',
	qrAlt: 'QR-Code Ihres Abhollinks',
	orderNumberLabel: 'Bestellnummer:',
	pickupCodeLabel: 'Abholcode:',
	confidential:
		'Der Link und die Codes sind nur für Sie bestimmt: Leiten Sie diese E-Mail nicht weiter.',
	contact: (contact) =>
		`Sie haben dieses Zertifikat nicht bestellt oder haben eine Frage? Wenden Sie sich an ${contact}.`
};
