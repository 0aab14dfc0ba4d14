/**
 * Sending through an SMTP relay: smtp:// upgrades with STARTTLS when the server offers it,
 * smtps:// is TLS from the start; user and password come from the URL.
 */
import { createTransport } from 'nodemailer';
import type { MailSettings } from '../config.ts';
import { deliveryError } from './delivery-error.ts';
import type { Mailer } from './mailer.ts';

// nodemailer waits minutes by default; the outbox would rather retry. The socket may stay quiet
// longer than the rest, while a relay scans the message before it answers DATA. The URL's query
// (?socketTimeout=60000) overrides any of them.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

// One kept-open connection: a new one per message (greeting, login, goodbye) took 110-140 ms on
// loopback against 5-18 ms for the message itself (bench/results.md, "Operator service").
const POOL = { pool: true, maxConnections: 1 };

export function smtpMailer(settings: MailSettings, smtpUrl: string): Mailer {
	const transport = createTransport(
		{ url: smtpUrl, ...POOL, ...SMTP_TIMEOUTS, dkim: settings.dkim },
		{ from: settings.from }
	);
	return {
		async send(message) {
			try {
				const info = await transport.sendMail(message);
				return { messageId: info.messageId, response: info.response };
			} catch (error) {
				throw deliveryError(error);
			}
		},
		close: () => transport.close()
	};
}
