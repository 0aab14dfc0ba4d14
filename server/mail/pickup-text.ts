import type { PickupContent } from './pickup-content.ts';

/** The text/plain part: the same content as the HTML, for clients that show no HTML. */
export function pickupText(content: PickupContent): string {
	const { wording } = content;
	const paragraphs = [
		content.heading,
		[
			wording.intro(content.caName),
			`${wording.holderLabel} ${content.holder}`,
			`${wording.productLabel} ${content.productName}`
		].join('\n'),
		...(content.isReissue ? [wording.reissueNote] : []),
		`${wording.linkIntro}\n${content.link}`,
		content.deadline,
		wording.password,
		wording.device,
		[
			wording.kiosk,
			`${wording.orderNumberLabel} ${content.orderNumber}`,
			`${wording.pickupCodeLabel} ${content.pickupCode}`
		].join('\n'),
		wording.confidential,
		wording.contact(content.contact),
		// "-- " on a line of its own is the signature separator mail clients recognize.
		`-- \n${content.caName}`
	];
	return `${paragraphs.join('\n\n')}\n`;
}
