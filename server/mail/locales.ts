/** The languages the pickup e-mail is written in: the app's own five, so mail and app agree. */
export const MAIL_LOCALES = ['en', 'nl', 'fr', 'de', 'pt'] as const;

export type MailLocale = (typeof MAIL_LOCALES)[number];

/** For a language read back from storage or an API body, where the type system cannot vouch. */
export function isMailLocale(value: unknown): value is MailLocale {
	return typeof value === 'string' && (MAIL_LOCALES as readonly string[]).includes(value);
}
