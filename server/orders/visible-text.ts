/**
 * Operator-typed text that ends up in a certificate subject or on an operator's terminal: control
 * characters (BEL, ESC sequences), bidirectional controls (U+202E turns "gnp.exe" around) and
 * invisible characters (zero-width spaces) would make a name read as something it is not, so
 * they are refused with the code point and what kind of character it is.
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const NOT_VISIBLE = /[\p{C}\p{Zl}\p{Zp}]/u;

export function assertVisibleText(field: string, value: string): void {
	const found = NOT_VISIBLE.exec(value)?.[0];
	if (found === undefined) return;
	const codePoint = `U+${(found.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
	throw new Error(
		`${field} contains ${codePoint} (${kind(found)}): names may hold only visible characters and spaces`
	);
}

function kind(character: string): string {
	if (/\p{Cc}/u.test(character)) return 'a control character';
	if (BIDI_CONTROLS.test(character)) return 'a bidirectional control character';
	if (/[\p{Zl}\p{Zp}]/u.test(character)) return 'a line or paragraph separator';
	if (/\p{Cf}/u.test(character)) return 'an invisible character';
	return 'an unassigned, private-use or surrogate code point';
}
