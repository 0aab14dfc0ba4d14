/**
 * The e-mail that sends an applicant their pickup link (issue 23). It never carries the pickup
 * password: the input has no field for one, and passing an object that has one does not compile.
 */
import type Mail from 'nodemailer/lib/mailer';
import { readPickupLink } from '../../src/lib/pickup/link.ts';
import { isMailLocale, type MailLocale } from './locales.ts';
import type { PickupContent } from './pickup-content.ts';
import { pickupHtml } from './pickup-html.ts';
import { pickupText } from './pickup-text.ts';
import { qrImage } from './qr-image.ts';
import { PICKUP_WORDING, type PickupWording } from './wording/index.ts';

export interface PickupMailInput {
	/** The recipient's address. */
	to: string;
	locale: MailLocale;
	/** Who the certificate is for: the subject's CN. */
	holderName: string;
	/** The subject's O, if any. */
	organization?: string;
	productName: string;
	/** The pickup link, https://app/pickup#o=ORDER&s=SECRET */
	link: string;
	/** ISO 8601; a reissue's is already the shorter one. */
	pickupDeadline: string;
	isReissue: boolean;
	/** How to reach the CA, e.g. "the Example CA desk, +32 2 000 00 00". */
	contact: string;
	caName: string;
	now: Date;
	/** The IANA time zone the deadline is shown in; Europe/Brussels when absent. */
	timeZone?: string;
	// Whatever holds a pickup password cannot be handed over as this input, not even by a spread.
	pickupPassword?: never;
	password?: never;
}

/** The Content-ID of the QR code, which the HTML part refers to as cid:. */
export const PICKUP_QR_CID = 'pickup-link-qr@cert-pickup';

const DEFAULT_TIME_ZONE = 'Europe/Brussels';
const DAY_MS = 24 * 60 * 60 * 1000;
const CODE_GROUP = /.{1,4}/g;

/** The message without `from`, which the mailer sets. */
export async function composePickupMail(input: PickupMailInput): Promise<Mail.Options> {
	if (!isMailLocale(input.locale))
		throw new RangeError(`no pickup e-mail in the language ${String(input.locale)}`);
	const wording = PICKUP_WORDING[input.locale];
	const { orderId, linkSecret } = pickupLinkParts(input.link);
	const content: PickupContent = {
		lang: input.locale,
		wording,
		subject: wording.subject(input.holderName, input.isReissue),
		heading: wording.heading(input.isReissue),
		holder: input.organization ? `${input.holderName}, ${input.organization}` : input.holderName,
		productName: input.productName,
		isReissue: input.isReissue,
		link: input.link,
		deadline: deadlineSentence(wording, input),
		orderNumber: orderId,
		pickupCode: linkSecret.match(CODE_GROUP)?.join(' ') ?? linkSecret,
		contact: input.contact,
		caName: input.caName
	};
	const qr = await qrImage(input.link);
	return {
		to: input.to,
		subject: content.subject,
		text: pickupText(content),
		html: pickupHtml(content, { src: `cid:${PICKUP_QR_CID}`, size: qr.displaySize }),
		attachments: [
			{
				filename: 'pickup-qr-code.png',
				content: qr.png,
				contentType: 'image/png',
				contentDisposition: 'inline',
				cid: PICKUP_QR_CID
			}
		],
		headers: {
			'Content-Language': input.locale,
			// RFC 3834: out-of-office and other automatic replies are not to answer this message.
			'Auto-Submitted': 'auto-generated'
		}
	};
}

function pickupLinkParts(link: string): { orderId: string; linkSecret: string } {
	let url: URL;
	try {
		url = new URL(link);
	} catch {
		throw new TypeError(`the pickup link is not a URL: ${link}`);
	}
	// Only a web link may become the button's href; javascript: and data: would run or show anything.
	if (url.protocol !== 'https:' && url.protocol !== 'http:')
		throw new TypeError(`the pickup link must be https:// or http://: ${link}`);
	const reading = readPickupLink(url.hash);
	if (reading.kind !== 'link')
		throw new TypeError(`the pickup link has no valid #o=ORDER&s=SECRET: ${link}`);
	return reading.link;
}

function deadlineSentence(wording: PickupWording, input: PickupMailInput): string {
	const deadline = new Date(input.pickupDeadline);
	if (Number.isNaN(deadline.getTime()))
		throw new RangeError(`the pickup deadline is not a date: ${input.pickupDeadline}`);
	// Rounded up: a link made a moment ago with a 30-day deadline has 30 days left, not 29.
	const daysLeft = Math.ceil((deadline.getTime() - input.now.getTime()) / DAY_MS);
	if (daysLeft < 1) throw new RangeError(`the pickup deadline ${input.pickupDeadline} has passed`);
	const date = new Intl.DateTimeFormat(wording.intlLocale, {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		timeZoneName: 'short',
		timeZone: input.timeZone ?? DEFAULT_TIME_ZONE
	}).format(deadline);
	const plural = new Intl.PluralRules(wording.intlLocale).select(daysLeft);
	const days = daysLeft.toLocaleString(wording.intlLocale);
	const left = plural === 'one' ? wording.daysLeft.one(days) : wording.daysLeft.other(days);
	return wording.deadline(date, left);
}
