import type { PickupWording } from './wording.ts';

export const pt: PickupWording = {
	intlLocale: 'pt-PT',
	subject: (holderName, isReissue) =>
		`Levante o seu certificado${isReissue ? ' reemitido' : ''}: ${holderName}`,
	heading: (isReissue) =>
		`O seu certificado${isReissue ? ' reemitido' : ''} está pronto para levantamento`,
	intro: (caName) => `${caName} preparou este certificado para si:`,
	holderLabel: 'Certificado para:',
	productLabel: 'Produto:',
	reissueNote:
		'Trata-se de uma reemissão: esta ligação de levantamento substitui uma anterior, que já não funciona.',
	button: 'Levantar o certificado',
	linkIntro: 'Abra esta ligação para levantar o seu certificado:',
	linkFallback: 'Se o botão não funcionar, copie esta ligação para o seu navegador:',
	deadline: (date, daysLeft) => `Levante-o até ${date} (${daysLeft}).`,
	daysLeft: {
		one: (days) => `falta ${days}\u00a0dia`,
		other: (days) => `faltam ${days}\u00a0dias`
	},
	password:
		'Utilize a palavra-passe de levantamento que escolheu quando fez a encomenda. Por segurança, não consta deste e-mail.',
	device:
		'Faça isto no dispositivo onde vai utilizar o certificado: a chave é criada nele e fica nele.',
	kiosk:
		'Está num quiosque, por exemplo numa Câmara de Comércio? Leia o código QR, ou escreva o número de encomenda e o código de levantamento.',
	qrAlt: 'Código QR da sua ligação de levantamento',
	orderNumberLabel: 'Número de encomenda:',
	pickupCodeLabel: 'Código de levantamento:',
	confidential: 'A ligação e os códigos destinam-se apenas a si: não reencaminhe este e-mail.',
	contact: (contact) => `Não encomendou este certificado ou tem alguma dúvida? Contacte ${contact}.`
};
