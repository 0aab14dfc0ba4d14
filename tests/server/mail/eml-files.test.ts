import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../../server/mail/mailer.ts';
import { composePickupMail, PICKUP_QR_CID } from '../../../server/mail/pickup-mail.ts';
import { checkDkim } from './dkim.ts';
import { pickupInput } from './pickup-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'pickup-mail-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('without an SMTP relay', () => {
	it('writes each message as an .eml file only the server may read, exactly as composed', async () => {
		const fileDir = join(dir, 'data', 'mail');
		const mailer = createMailer({
			from: '"Example CA" <pickup@example.be>',
			dkim: {
				domainName: 'example.be',
				keySelector: 'pickup2025',
				privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
			},
			fileDir
		});
		const message = await composePickupMail(pickupInput('pt'));
		const sent = await mailer.send(message);
		mailer.close();

		expect(sent.file).toBeDefined();
		const file = sent.file ?? '';
		expect(dirname(file)).toBe(fileDir);
		expect(statSync(fileDir).mode & 0o777).toBe(0o700);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(sent.response).toBe(`written to ${file}`);

		const raw = readFileSync(file);
		expect(raw.toString('latin1')).toMatch(/\r\n\r\n/);
		const parsed = await simpleParser(raw, { keepCidLinks: true });
		expect(parsed.messageId).toBe(sent.messageId);
		expect(parsed.from?.text).toBe('"Example CA" <pickup@example.be>');
		expect(parsed.subject).toBe(message.subject);
		expect(parsed.text).toBe(message.text);
		expect(parsed.html).toBe(message.html);
		const [qr] = parsed.attachments;
		expect(qr?.cid).toBe(PICKUP_QR_CID);
		const attachment = message.attachments?.[0]?.content;
		expect(Buffer.isBuffer(attachment) && qr?.content.equals(attachment)).toBe(true);
		expect(checkDkim(raw, publicKey)).toMatchObject({
			bodyHashMatches: true,
			signatureVerifies: true
		});
	});

	it('names the files so they sort in the order they were written, each one new', async () => {
		const fileDir = join(dir, 'sorted');
		const mailer = createMailer({ from: 'pickup@example.be', fileDir });
		const files: string[] = [];
		for (let count = 0; count < 5; count++) {
			const sent = await mailer.send({ to: 'jan@example.be', subject: `${count}`, text: '.' });
			files.push(basename(sent.file ?? ''));
		}
		mailer.close();
		for (const name of files)
			expect(name).toMatch(/^\d{4}-\d\d-\d\dT\d{6}\.\d{3}Z-[0-9a-f]{12}\.eml$/);
		expect(readdirSync(fileDir).sort()).toEqual(files);
	});
});
