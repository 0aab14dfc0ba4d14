/**
 * The operator bench's mail relay: an SMTP server on 127.0.0.1 that accepts any login and every
 * message and notes when each one arrived, so the bench can tell how fast the outbox sends.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CountingSmtpSink {
	/** smtp://user:password@127.0.0.1:port, for SMTP_URL. */
	url: string;
	/** performance.now() when each message was accepted, in order of arrival. */
	arrivals: number[];
	close: () => Promise<void>;
}

export async function startCountingSmtpSink(): Promise<CountingSmtpSink> {
	const arrivals: number[] = [];
	const server = new SMTPServer({
		logger: false,
		// A relay's reverse DNS look-up of the client is its own cost, not the server's.
		disableReverseLookup: true,
		// Plain text on loopback, with a login as the server's SMTP_URL has one.
		disabledCommands: ['STARTTLS'],
		allowInsecureAuth: true,
		authMethods: ['PLAIN', 'LOGIN'],
		onAuth: (_auth, _session, callback) => callback(null, { user: 'bench' }),
		onData(stream, _session, callback) {
			stream.on('end', () => {
				arrivals.push(performance.now());
				callback(null, 'Ok: queued');
			});
			stream.resume();
		}
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.server.address() as AddressInfo;
	return {
		url: `smtp://bench:bench@127.0.0.1:${port}`,
		arrivals,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
