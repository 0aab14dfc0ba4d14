/**
 * A real SMTP server for the mail tests (smtp-server on 127.0.0.1): it asks for a login, keeps
 * every message it accepts byte for byte, and answers as a test tells it to.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export const SMTP_USER = 'pickup-mailer';
// Characters that must be percent-encoded in the URL, so the test shows they are decoded.
export const SMTP_PASSWORD = 'p@ss:w/rd 1';

export interface ReceivedMail {
	/** Who logged in. */
	user: string | undefined;
	/** The session went over TLS (STARTTLS). */
	secure: boolean;
	mailFrom: string;
	rcptTo: string[];
	raw: Buffer;
}

export interface SmtpSink {
	port: number;
	/** smtp://user:password@127.0.0.1:port, with this password or another. */
	url(password?: string): string;
	received: ReceivedMail[];
	close(): Promise<void>;
}

export function smtpUrl(port: number, password = SMTP_PASSWORD): string {
	return `smtp://${SMTP_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
}

/** An SMTP reply for a hook to send instead of accepting: `550` and `5.1.1 <x@y>: ...`. */
export function smtpReply(responseCode: number, text: string): Error {
	return Object.assign(new Error(text), { responseCode });
}

/** `port` 0 picks a free one; a given one lets a test start the server where a mailer already points. */
export async function startSmtpSink(
	options: Partial<SMTPServerOptions> = {},
	port = 0
): Promise<SmtpSink> {
	const received: ReceivedMail[] = [];
	const server = new SMTPServer({
		logger: false,
		// Plain text on loopback: the tests that need STARTTLS turn it back on.
		disabledCommands: ['STARTTLS'],
		allowInsecureAuth: true,
		authMethods: ['PLAIN', 'LOGIN'],
		onAuth(auth, _session, callback) {
			if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD)
				callback(null, { user: auth.username });
			else callback(smtpReply(535, '5.7.8 Authentication credentials invalid'));
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				received.push({
					user: typeof session.user === 'string' ? session.user : undefined,
					secure: session.secure,
					mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					rcptTo: session.envelope.rcptTo.map((recipient) => recipient.address),
					raw: Buffer.concat(chunks)
				});
				callback(null, 'Ok: queued as 4F2A');
			});
		},
		...options
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve());
	});
	const listening = (server.server.address() as AddressInfo).port;
	return {
		port: listening,
		url: (password = SMTP_PASSWORD) => smtpUrl(listening, password),
		received,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
