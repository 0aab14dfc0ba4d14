/**
 * Without an SMTP relay (development, demos, tests), each message is written as an RFC 5322 file,
 * byte for byte what SMTP would carry, DKIM signature included. The files hold pickup links, so
 * only the server's user may read them.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type { MailSettings } from '../config.ts';
import { deliveryError } from './delivery-error.ts';
import type { Mailer } from './mailer.ts';

export function emlFileMailer(settings: MailSettings): Mailer {
	const transport = createTransport(
		// CRLF throughout, as on the wire: bare line feeds in a part are converted by SMTP only.
		{ streamTransport: true, buffer: true, newline: 'windows', dkim: settings.dkim },
		{ from: settings.from }
	);
	let lastTimestamp = 0;
	return {
		async send(message) {
			try {
				const info = await transport.sendMail(message);
				await mkdir(settings.fileDir, { recursive: true, mode: 0o700 });
				// Never the same millisecond twice, so names sort in the order this process wrote them.
				lastTimestamp = Math.max(Date.now(), lastTimestamp + 1);
				const file = join(settings.fileDir, emlFileName(new Date(lastTimestamp)));
				// wx: a name taken already is an error, never an overwritten message.
				await writeFile(file, info.message, { mode: 0o600, flag: 'wx' });
				return { messageId: info.messageId, response: `written to ${file}`, file };
			} catch (error) {
				throw deliveryError(error);
			}
		},
		close: () => transport.close()
	};
}

/** Sorts by time (ISO 8601 without colons, which some file systems refuse); random for other processes. */
function emlFileName(time: Date): string {
	return `${time.toISOString().replaceAll(':', '')}-${randomBytes(6).toString('hex')}.eml`;
}
