import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { describe, expect, it } from 'vitest';
import { isMailLocale, MAIL_LOCALES, type MailLocale } from '../../../server/mail/locales.ts';
import { composePickupMail, type PickupMailInput } from '../../../server/mail/pickup-mail.ts';
import { EXPECTED, LINK, NOW, pickupInput, visibleText } from './pickup-fixture.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

function deadlineIn(ms: number): string {
	return new Date(NOW.getTime() + ms).toISOString();
}

async function rawMessage(options: Mail.Options): Promise<string> {
	const raw = await new MailComposer({ from: 'pickup@example.be', ...options }).compile().build();
	return raw.toString('utf8');
}

describe('pickup e-mail languages', () => {
	it('knows the five languages of the app and nothing else', () => {
		expect(MAIL_LOCALES.filter(isMailLocale)).toEqual(['en', 'nl', 'fr', 'de', 'pt']);
		for (const other of ['es', 'EN', 'en-GB', '', undefined, 1])
			expect(isMailLocale(other)).toBe(false);
	});

	it.each(MAIL_LOCALES)('counts days with the plural forms of %s', async (locale) => {
		const one = await composePickupMail(
			pickupInput(locale, { pickupDeadline: deadlineIn(DAY_MS) })
		);
		const two = await composePickupMail(
			pickupInput(locale, { pickupDeadline: deadlineIn(2 * DAY_MS) })
		);
		expect(one.text).toContain(`(${EXPECTED[locale].oneDayLeft})`);
		expect(two.text).toContain(`(${EXPECTED[locale].twoDaysLeft})`);
	});

	it.each(MAIL_LOCALES)(
		'says in %s that a reissue is one, in the subject and the text',
		async (locale) => {
			const mail = await composePickupMail(
				pickupInput(locale, { isReissue: true, pickupDeadline: deadlineIn(7 * DAY_MS) })
			);
			expect(mail.subject).toBe(EXPECTED[locale].reissueSubject);
			expect(mail.text).toContain(EXPECTED[locale].reissue);
			expect(visibleText(String(mail.html))).toContain(EXPECTED[locale].reissue);
		}
	);
});

describe('the pickup deadline', () => {
	it('counts a day begun as a day left, so a link made a moment ago keeps its 30 days', async () => {
		const mail = await composePickupMail(
			pickupInput('en', { pickupDeadline: deadlineIn(30 * DAY_MS - 1000) })
		);
		expect(mail.text).toContain('(30\u00a0days left)');
	});

	it('is shown in the time zone asked for', async () => {
		const mail = await composePickupMail(pickupInput('en', { timeZone: 'America/New_York' }));
		expect(mail.text).toContain('Wednesday, 2 July 2025 at 04:00 GMT-4 (30\u00a0days left)');
	});

	it.each([
		['a deadline that is not a date', { pickupDeadline: 'next month' }, /not a date/],
		['a deadline that has passed', { pickupDeadline: deadlineIn(-1) }, /has passed/],
		['a deadline that is now', { pickupDeadline: deadlineIn(0) }, /has passed/],
		['a time zone that does not exist', { timeZone: 'Europe/Atlantis' }, /time zone/i]
	])('refuses %s', async (_, change, message) => {
		await expect(composePickupMail(pickupInput('en', change))).rejects.toThrow(
			expect.objectContaining({ name: 'RangeError', message: expect.stringMatching(message) })
		);
	});
});

describe('the pickup link', () => {
	it.each([
		['no URL', 'pickup#o=ord_4f9a2b7c&s=q3Yx8mZ1vK0pL7sT2wR9aBcDeFgHiJkL', /not a URL/],
		[
			'a javascript: URL',
			'javascript:alert(1)//#o=ord_4f9a2b7c&s=q3Yx8mZ1vK0pL7sT2wR9aBcDeFgHiJkL',
			/https/
		],
		[
			'a link without its secret',
			'https://pickup.example.be/pickup#o=ord_4f9a2b7c',
			/#o=ORDER&s=SECRET/
		],
		[
			'a link with the secret in the query',
			`https://pickup.example.be/pickup?${LINK.split('#')[1]}`,
			/#o=ORDER/
		]
	])('is refused when it is %s', async (_, link, message) => {
		await expect(composePickupMail(pickupInput('en', { link }))).rejects.toThrow(
			expect.objectContaining({ name: 'TypeError', message: expect.stringMatching(message) })
		);
	});
});

describe('what the applicant typed', () => {
	it('is escaped in the HTML and left as it is in the text', async () => {
		const mail = await composePickupMail(
			pickupInput('en', {
				holderName: `O'Brien & <Co>`,
				organization: `"Smith" & Sons <script>alert(1)</script>`,
				productName: 'Signing <b>Pro</b>',
				contact: `desk <help@example.be>`,
				caName: 'A&B CA',
				link: `https://pickup.example.be/pickup?x="><img src=x>#o=ord_4f9a2b7c&s=q3Yx8mZ1vK0pL7sT2wR9aBcDeFgHiJkL`
			})
		);
		const html = String(mail.html);
		expect(html).toContain(
			'O&#39;Brien &amp; &lt;Co&gt;, &quot;Smith&quot; &amp; Sons &lt;script&gt;'
		);
		expect(html).toContain('Signing &lt;b&gt;Pro&lt;/b&gt;');
		expect(html).toContain('desk &lt;help@example.be&gt;');
		expect(html).toContain('<title>Pick up your certificate: O&#39;Brien &amp; &lt;Co&gt;</title>');
		expect(html).toContain(
			'href="https://pickup.example.be/pickup?x=&quot;&gt;&lt;img src=x&gt;#o='
		);
		for (const injected of ['<Co>', '<script>', '<b>', '<help@', '"><img', 'A&B'])
			expect(html).not.toContain(injected);
		expect(mail.text).toContain(
			`Certificate for: O'Brien & <Co>, "Smith" & Sons <script>alert(1)</script>`
		);
		expect(mail.subject).toBe(`Pick up your certificate: O'Brien & <Co>`);
	});

	it('cannot add a header through the subject', async () => {
		const mail = await composePickupMail(
			pickupInput('en', { holderName: 'Jan\r\nBcc: someone@attacker.example' })
		);
		const headers = (await rawMessage(mail)).split('\r\n\r\n')[0] ?? '';
		expect(headers).not.toMatch(/^Bcc:/im);
		expect(headers).toMatch(/^Subject: /m);
	});

	it('leaves out the organization line part when there is none', async () => {
		const mail = await composePickupMail(pickupInput('en', { organization: undefined }));
		expect(mail.text).toContain('Certificate for: Jan Peeters\n');
	});
});

describe('the pickup password', () => {
	it('has no way into the e-mail', async () => {
		const password = 'Pickup-Password-Do-Not-Send-8472';
		const order = {
			...pickupInput('nl'),
			pickupPassword: password,
			password,
			passwordHash: password
		};
		// @ts-expect-error The input type refuses anything carrying a pickup password.
		const withPassword = await composePickupMail(order);
		const without = await composePickupMail(pickupInput('nl'));
		// Nothing but the documented fields makes the message: extra ones change nothing.
		expect(withPassword).toEqual(without);
		expect(await rawMessage(withPassword)).not.toContain(password);
		// Only the sentence telling the applicant to use the one they chose mentions it.
		expect(without.text).toContain(EXPECTED.nl.password);
	});
});

describe('a language the e-mail is not written in', () => {
	it('is refused rather than sent in another', async () => {
		const input = { ...pickupInput('en'), locale: 'es' } as unknown as PickupMailInput;
		await expect(composePickupMail(input)).rejects.toThrow(RangeError);
	});
});

describe('the parts of the message', () => {
	it.each(MAIL_LOCALES)('are headed for %s readers', async (locale: MailLocale) => {
		const mail = await composePickupMail(pickupInput(locale));
		expect(mail).toMatchObject({
			to: 'jan.peeters@example.be',
			headers: { 'Content-Language': locale, 'Auto-Submitted': 'auto-generated' }
		});
		expect(mail.from).toBeUndefined();
		expect(String(mail.html)).toMatch(new RegExp(`^<!DOCTYPE html>\\n<html lang="${locale}"`));
	});
});
