import type { PickupWording } from './wording/index.ts';

/** Everything the text and the HTML part show, already worded and formatted for one language. */
export interface PickupContent {
	lang: string;
	wording: PickupWording;
	subject: string;
	heading: string;
	/** The holder's name, and the organization after it when there is one. */
	holder: string;
	productName: string;
	isReissue: boolean;
	link: string;
	/** The deadline sentence: localized date and time, and the days left. */
	deadline: string;
	orderNumber: string;
	/** The link secret in groups of four, for typing at a kiosk. */
	pickupCode: string;
	contact: string;
	caName: string;
}
