import type { PickupWording } from './wording.ts';

// French sets a no-break space before : ? ! so the mark never starts a line (as the app does).
const NBSP = '\u00a0';

export const fr: PickupWording = {
	intlLocale: 'fr-BE',
	subject: (holderName, isReissue) =>
		`Retirez votre certificat${isReissue ? ' réémis' : ''}${NBSP}: ${holderName}`,
	heading: (isReissue) => `Votre certificat${isReissue ? ' réémis' : ''} est prêt à être retiré`,
	intro: (caName) => `${caName} a préparé ce certificat pour vous${NBSP}:`,
	holderLabel: `Certificat pour${NBSP}:`,
	productLabel: `Produit${NBSP}:`,
	reissueNote: `Il s’agit d’une réémission${NBSP}: ce lien de retrait remplace un lien précédent, qui ne fonctionne plus.`,
	button: 'Retirer mon certificat',
	linkIntro: `Ouvrez ce lien pour retirer votre certificat${NBSP}:`,
	linkFallback: `Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur${NBSP}:`,
	deadline: (date, daysLeft) => `À retirer avant le ${date} (${daysLeft}).`,
	daysLeft: {
		one: (days) => `il reste ${days}${NBSP}jour`,
		other: (days) => `il reste ${days}${NBSP}jours`
	},
	password:
		'Utilisez le mot de passe de retrait que vous avez choisi lors de la commande. Pour votre sécurité, il ne figure pas dans cet e-mail.',
	device: `Faites-le sur l’appareil où vous utiliserez le certificat${NBSP}: la clé y est créée et y reste.`,
	kiosk: `Vous êtes à un kiosque, par exemple dans une Chambre de commerce${NBSP}? Scannez le code QR, ou tapez le numéro de commande et le code de retrait.`,
	qrAlt: 'Code QR de votre lien de retrait',
	orderNumberLabel: `Numéro de commande${NBSP}:`,
	pickupCodeLabel: `Code de retrait${NBSP}:`,
	confidential: `Le lien et les codes ne sont destinés qu’à vous${NBSP}: ne transférez pas cet e-mail.`,
	contact: (contact) =>
		`Vous n’avez pas commandé ce certificat ou vous avez une question${NBSP}? Contactez ${contact}.`
};
