/** How the outbox sends e-mail: through SMTP when SMTP_URL is set, else into .eml files. */
import type Mail from 'nodemailer/lib/mailer';
import type { MailSettings } from '../config.ts';
import { emlFileMailer } from './eml-file-mailer.ts';
import { smtpMailer } from './smtp-mailer.ts';

export { MailDeliveryError } from './delivery-error.ts';

export interface SentMail {
	messageId: string;
	/** The SMTP server's answer to the message, or where the file went. */
	response: string;
	/** The .eml file, when there is no SMTP relay. */
	file?: string;
}

export interface Mailer {
	/** Sends with `from` and DKIM from the settings; fails only with a MailDeliveryError. */
	send(message: Mail.Options): Promise<SentMail>;
	close(): void;
}

export function createMailer(settings: MailSettings): Mailer {
	return settings.smtpUrl ? smtpMailer(settings, settings.smtpUrl) : emlFileMailer(settings);
}
