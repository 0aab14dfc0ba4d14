import type { PickupWording } from './wording.ts';

export const en: PickupWording = {
	intlLocale: 'en-GB',
	subject: (holderName, isReissue) =>
		`Pick up your ${isReissue ? 'reissued ' : ''}certificate: ${holderName}`,
	heading: (isReissue) => `Your ${isReissue ? 'reissued ' : ''}certificate is ready to pick up`,
	intro: (caName) => `${caName} has prepared this certificate for you:`,
	holderLabel: 'Certificate for:',
	productLabel: 'Product:',
	reissueNote:
		'This is a reissue: this pickup link replaces an earlier one, which no longer works.',
	button: 'Pick up your certificate',
	linkIntro: 'Open this link to pick up your certificate:',
	linkFallback: 'If the button does not work, copy this link into your browser:',
	deadline: (date, daysLeft) => `Pick it up before ${date} (${daysLeft}).`,
	daysLeft: { one: (days) => `${days}\u00a0day left`, other: (days) => `${days}\u00a0days left` },
	password:
		'Use the pickup password you chose when you ordered. For your safety, it is not in this e-mail.',
	device:
		'Do this on the device where you will use the certificate: the key is made there and stays there.',
	kiosk:
		'At a kiosk, for example in a Chamber of Commerce office? Scan the QR code, or type the order number and pickup code.',
	qrAlt: 'QR code of your pickup link',
	orderNumberLabel: 'Order number:',
	pickupCodeLabel: 'Pickup code:',
	confidential: 'The link and the codes are meant for you alone: do not forward this e-mail.',
	contact: (contact) =>
		`Did you not order this certificate, or do you have a question? Contact ${contact}.`
};
