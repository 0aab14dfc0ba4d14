import { generateKeyPairSync } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailSettings } from '../../../server/config.ts';
import { createMailer, type Mailer, type SentMail } from '../../../server/mail/mailer.ts';
import { MAIL_LOCALES } from '../../../server/mail/locales.ts';
import { composePickupMail, PICKUP_QR_CID } from '../../../server/mail/pickup-mail.ts';
import { decodeQr } from '../../../src/lib/kiosk/qr-decoder.ts';
import { checkDkim } from './dkim.ts';
import { EXPECTED, LINK, ORDER_ID, pickupInput, visibleText } from './pickup-fixture.ts';
import { decodePng } from './png.ts';
import { SMTP_USER, startSmtpSink, type SmtpSink } from './smtp-sink.ts';

const FROM = '"Example CA" <pickup@example.be>';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const DKIM = {
	domainName: 'example.be',
	keySelector: 'pickup2025',
	privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
};

let sink: SmtpSink;
let mailer: Mailer;

beforeAll(async () => {
	sink = await startSmtpSink();
	const settings: MailSettings = {
		smtpUrl: sink.url(),
		from: FROM,
		dkim: DKIM,
		fileDir: '/nonexistent'
	};
	mailer = createMailer(settings);
});

afterAll(async () => {
	mailer.close();
	await sink.close();
});

interface Delivery {
	sent: SentMail;
	raw: Buffer;
	parsed: ParsedMail;
}

async function deliver(...args: Parameters<typeof pickupInput>): Promise<Delivery> {
	const before = sink.received.length;
	const sent = await mailer.send(await composePickupMail(pickupInput(...args)));
	expect(sink.received).toHaveLength(before + 1);
	const received = sink.received[before]!;
	expect(received).toMatchObject({
		user: SMTP_USER,
		mailFrom: 'pickup@example.be',
		rcptTo: ['jan.peeters@example.be']
	});
	return {
		sent,
		raw: received.raw,
		parsed: await simpleParser(received.raw, { keepCidLinks: true })
	};
}

describe('the pickup e-mail through SMTP', () => {
	it.each(MAIL_LOCALES)('reads right in %s, in the text and in the HTML part', async (locale) => {
		const expected = EXPECTED[locale];
		const { sent, parsed } = await deliver(locale);
		expect(sent.response).toMatch(/^250 /);
		expect(parsed.from?.text).toBe('"Example CA" <pickup@example.be>');
		expect(parsed.to).toMatchObject({ text: 'jan.peeters@example.be' });
		expect(parsed.subject).toBe(expected.subject);
		expect(parsed.headers.get('date')).toBeInstanceOf(Date);
		expect(parsed.messageId).toBe(sent.messageId);
		expect(parsed.headers.get('content-language')).toBe(locale);
		expect(parsed.html).toContain(`<html lang="${locale}"`);
		const parts = { text: parsed.text ?? '', html: visibleText(parsed.html || '') };
		for (const [part, content] of Object.entries(parts)) {
			const context = `${locale} ${part} part`;
			for (const fragment of [
				'Jan Peeters, Example BV',
				'Personal signing certificate (Pro)',
				LINK,
				expected.date,
				`(${expected.daysLeft})`,
				expected.password,
				expected.device,
				expected.contact,
				`${expected.pickupCodeLabel} q3Yx 8mZ1 vK0p L7sT 2wR9 aBcD eFgH iJkL`,
				ORDER_ID
			])
				expect(content, context).toContain(fragment);
			expect(content, context).not.toContain(expected.reissue);
		}
		expect(parsed.html).toContain(`<a href="${LINK.replace('&', '&amp;')}"`);
	});

	it('carries the link as a QR code the kiosk reads, shown inline from the message itself', async () => {
		// The longest link secret a pickup link may have: the largest QR code the mail can carry.
		const longLink = `https://pickup.example.be/pickup#o=${ORDER_ID}&s=${'Ab1-_'.repeat(25)}abc`;
		const { parsed } = await deliver('nl', { link: longLink });
		const images = parsed.attachments.filter((file) => file.contentType === 'image/png');
		expect(images).toHaveLength(1);
		const qr = images[0]!;
		expect(qr).toMatchObject({ cid: PICKUP_QR_CID, contentDisposition: 'inline', related: true });
		const img = /<img src="cid:([^"]+)" alt="([^"]+)" width="(\d+)"/.exec(parsed.html || '');
		expect(img?.slice(1, 3)).toEqual([PICKUP_QR_CID, 'QR-code van uw ophaallink']);
		// docs/kiosk.md: at least 3 cm, which is 113 CSS pixels.
		expect(Number(img?.[3])).toBeGreaterThan(113);
		expect(decodeQr(decodePng(qr.content))).toBe(longLink);
	});

	it('signs with DKIM, and the signature holds over the message as it arrived', async () => {
		const { raw, parsed } = await deliver('fr');
		const signature = parsed.headerLines.find((line) => line.key === 'dkim-signature')?.line;
		expect(signature).toMatch(/\bd=example\.be;/);
		expect(signature).toMatch(/\bs=pickup2025;/);
		const result = checkDkim(raw, publicKey);
		expect(result.tags.h?.toLowerCase().split(':')).toEqual(
			expect.arrayContaining(['from', 'to', 'subject', 'date', 'message-id'])
		);
		expect(result).toMatchObject({ bodyHashMatches: true, signatureVerifies: true });
		// The check itself can fail: a changed body or a changed header no longer verifies.
		const text = raw.toString('latin1');
		const bodyStart = text.indexOf('\r\n\r\n');
		const changedBody = text.slice(0, bodyStart) + text.slice(bodyStart).replace('Jan', 'Jon');
		expect(checkDkim(Buffer.from(changedBody, 'latin1'), publicKey).bodyHashMatches).toBe(false);
		const changedSubject = text.replace(/^Subject: /m, 'Subject: Re: ');
		expect(checkDkim(Buffer.from(changedSubject, 'latin1'), publicKey).signatureVerifies).toBe(
			false
		);
	});

	it('says when it is a reissue', async () => {
		const { parsed } = await deliver('de', { isReissue: true });
		expect(parsed.subject).toBe(EXPECTED.de.reissueSubject);
		expect(parsed.text).toContain(EXPECTED.de.reissue);
		expect(visibleText(parsed.html || '')).toContain(EXPECTED.de.reissue);
	});
});
