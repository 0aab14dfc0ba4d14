/**
 * What the pickup e-mail says, one object per language, so a translator edits one file and the
 * compiler checks that every language says everything.
 */
export interface PickupWording {
	/** BCP 47 tag for dates and plural rules: the Belgian (and Portuguese) conventions. */
	intlLocale: string;
	subject(holderName: string, isReissue: boolean): string;
	heading(isReissue: boolean): string;
	intro(caName: string): string;
	/** Labels end in their colon, which French precedes with a no-break space. */
	holderLabel: string;
	productLabel: string;
	reissueNote: string;
	button: string;
	linkIntro: string;
	linkFallback: string;
	deadline(date: string, daysLeft: string): string;
	/**
	 * `one` where Intl.PluralRules says so, `other` for every other category; a no-break space keeps
	 * the number with its unit.
	 */
	daysLeft: { one(days: string): string; other(days: string): string };
	password: string;
	device: string;
	kiosk: string;
	qrAlt: string;
	orderNumberLabel: string;
	pickupCodeLabel: string;
	confidential: string;
	contact(contact: string): string;
}
