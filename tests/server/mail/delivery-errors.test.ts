import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Mail from 'nodemailer/lib/mailer';
import type { SMTPServerOptions } from 'smtp-server';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { MailSettings } from '../../../server/config.ts';
import { freePort } from '../../../server/free-port.ts';
import { deliveryError } from '../../../server/mail/delivery-error.ts';
import { createMailer, MailDeliveryError, type Mailer } from '../../../server/mail/mailer.ts';
import { smtpReply, startSmtpSink, type SmtpSink } from './smtp-sink.ts';

const MESSAGE: Mail.Options = {
	to: 'nobody@example.be',
	subject: 'Pick up your certificate: Jan Peeters',
	text: 'A pickup link.'
};
const FROM = 'pickup@example.be';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function mailer(settings: Partial<MailSettings>): Mailer {
	const created = createMailer({ from: FROM, fileDir: '/nonexistent', ...settings });
	cleanups.push(() => created.close());
	return created;
}

async function sink(options: Partial<SMTPServerOptions>): Promise<SmtpSink> {
	const started = await startSmtpSink(options);
	cleanups.push(() => started.close());
	return started;
}

async function failure(send: Promise<unknown>): Promise<MailDeliveryError> {
	const error = await send.then(
		() => undefined,
		(reason: unknown) => reason
	);
	expect(error).toBeInstanceOf(MailDeliveryError);
	return error as MailDeliveryError;
}

describe('a message the SMTP server refuses', () => {
	it('for good (550 at RCPT TO) is a permanent failure with the server’s answer', async () => {
		const smtp = await sink({
			onRcptTo: (address, _session, callback) =>
				callback(smtpReply(550, `5.1.1 <${address.address}>: Recipient address rejected`))
		});
		const error = await failure(mailer({ smtpUrl: smtp.url() }).send(MESSAGE));
		expect(error.permanent).toBe(true);
		expect(error.response).toBe('550 5.1.1 <nobody@example.be>: Recipient address rejected');
		expect(error.message).toContain(error.response);
		expect(smtp.received).toEqual([]);
	});

	it('for good after DATA (552) is permanent too', async () => {
		const smtp = await sink({
			onData: (stream, _session, callback) => {
				stream.resume();
				stream.on('end', () => callback(smtpReply(552, '5.3.4 Message size exceeds fixed limit')));
			}
		});
		const error = await failure(mailer({ smtpUrl: smtp.url() }).send(MESSAGE));
		expect(error).toMatchObject({
			permanent: true,
			response: '552 5.3.4 Message size exceeds fixed limit'
		});
	});

	it.each([
		[451, '4.7.1 Greylisted, please try again later'],
		[421, '4.3.2 Service shutting down'],
		// 503 says the session went wrong, not the message: a new connection can succeed.
		[503, '5.5.1 Error: bad sequence of commands']
	])('for now (%i at MAIL FROM) can be retried', async (responseCode, text) => {
		const smtp = await sink({
			onMailFrom: (_address, _session, callback) => callback(smtpReply(responseCode, text))
		});
		const error = await failure(mailer({ smtpUrl: smtp.url() }).send(MESSAGE));
		expect(error).toMatchObject({ permanent: false, response: `${responseCode} ${text}` });
	});

	it('because of a wrong SMTP password (535) can be retried once the operator fixes it', async () => {
		const smtp = await sink({});
		const error = await failure(mailer({ smtpUrl: smtp.url('wrong password') }).send(MESSAGE));
		expect(error.permanent).toBe(false);
		expect(error.response).toMatch(/^535 5\.7\.8 /);
	});

	it('with no address to deliver to is permanent, before any connection', async () => {
		const smtp = await sink({});
		const error = await failure(
			mailer({ smtpUrl: smtp.url() }).send({ ...MESSAGE, to: 'Jan Peeters' })
		);
		expect(error).toMatchObject({ permanent: true, response: 'No recipients defined' });
	});
});

describe('an SMTP server that cannot be reached', () => {
	it('because nothing listens can be retried, and says so', async () => {
		const port = await freePort();
		const error = await failure(
			mailer({ smtpUrl: `smtp://user:password@127.0.0.1:${port}` }).send(MESSAGE)
		);
		expect(error.permanent).toBe(false);
		expect(error.response).toBe(`connect ECONNREFUSED 127.0.0.1:${port}`);
	});

	it('because it never greets can be retried; the URL sets the wait', async () => {
		const sockets = new Set<Socket>();
		const silent = createServer((socket) => sockets.add(socket));
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		cleanups.push(() => {
			for (const socket of sockets) socket.destroy();
			return new Promise((resolve) => silent.close(resolve));
		});
		const { port } = silent.address() as { port: number };
		const smtpUrl = `smtp://user:password@127.0.0.1:${port}?greetingTimeout=100`;
		const error = await failure(mailer({ smtpUrl }).send(MESSAGE));
		expect(error.permanent).toBe(false);
		expect(error.response).toMatch(/greeting/i);
	});

	it('because its STARTTLS certificate is not trusted can be retried; a trusted one delivers', async () => {
		// smtp-server's built-in certificate is self-signed: the client must refuse it by default.
		const smtp = await sink({ disabledCommands: [] });
		const error = await failure(mailer({ smtpUrl: smtp.url() }).send(MESSAGE));
		expect(error.permanent).toBe(false);
		expect(error.response).toMatch(/certificate/i);
		expect(smtp.received).toEqual([]);

		await mailer({ smtpUrl: `${smtp.url()}?tls.rejectUnauthorized=false` }).send(MESSAGE);
		expect(smtp.received.map((mail) => mail.secure)).toEqual([true]);
	});
});

describe('an .eml file that cannot be written', () => {
	const dir = mkdtempSync(join(tmpdir(), 'pickup-mail-errors-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('can be retried, with the file system’s error', async () => {
		const notADirectory = join(dir, 'a-file');
		writeFileSync(notADirectory, '');
		const error = await failure(mailer({ fileDir: join(notADirectory, 'mail') }).send(MESSAGE));
		expect(error.permanent).toBe(false);
		expect(error.response).toMatch(/^ENOTDIR: /);
	});
});

describe('a failure that is not an Error', () => {
	it('keeps what was thrown as the response', () => {
		expect(deliveryError('socket gone')).toMatchObject({
			permanent: false,
			response: 'socket gone'
		});
	});
});
