/** RFC 5280 section 4.2.1.6 subjectAltName, limited to the rfc822Name and dNSName an order carries. */
import type { SubjectAltName } from '../domain/subject-alt-names.ts';
import { latin1 } from './bytes.ts';
import type { DerReader } from './der.ts';
import { SubjectAlternativeNameExtension, type Extension } from './x509.ts';

export function buildSubjectAltNameExtension(
	names: readonly SubjectAltName[]
): SubjectAlternativeNameExtension {
	// Section 4.2.1.6: critical only when the subject is empty, which an order's never is.
	return new SubjectAlternativeNameExtension(
		names.map(({ type, value }) => ({ type, value })),
		false
	);
}

/**
 * The names in the extension, or null when it holds a type no order can carry (IP address, URI,
 * otherName...): such a certificate or request can never match an order.
 */
export function readSubjectAltNames(extensions: readonly Extension[]): SubjectAltName[] | null {
	const names: SubjectAltName[] = [];
	for (const extension of extensions) {
		if (!(extension instanceof SubjectAlternativeNameExtension)) continue;
		for (const { type, value } of extension.names.items) {
			if (type !== 'email' && type !== 'dns') return null;
			names.push({ type, value });
		}
	}
	return names;
}

const GENERAL_NAME_TYPES: Record<number, SubjectAltName['type']> = { 1: 'email', 2: 'dns' };

/**
 * `readSubjectAltNames` for the value of one subjectAltName extension (GeneralNames, whose
 * rfc822Name [1] and dNSName [2] are IA5String), read with the caller's reader.
 */
export function readGeneralNames(
	der: DerReader,
	extensionValue: Uint8Array
): SubjectAltName[] | null {
	const names: SubjectAltName[] = [];
	for (const name of der.sequence(der.parse(extensionValue), 1)) {
		const type = GENERAL_NAME_TYPES[name.idBlock.tagNumber];
		if (!type || !der.isContext(name, name.idBlock.tagNumber)) return null;
		names.push({ type, value: latin1(der.implicitOctets(name, name.idBlock.tagNumber)) });
	}
	return names;
}

/**
 * A mailbox as compared: the domain case-insensitively (RFC 5321 section 2.4, domains are DNS
 * names), the local part exactly, since only the receiving host may decide what its case means.
 */
export function mailboxKey(address: string): string {
	const at = address.lastIndexOf('@');
	return at < 0 ? address : address.slice(0, at + 1) + address.slice(at + 1).toLowerCase();
}

/** Set equality; DNS names compare case-insensitively (RFC 4343), mailboxes as `mailboxKey` does. */
export function equalSubjectAltNames(
	a: readonly SubjectAltName[],
	b: readonly SubjectAltName[]
): boolean {
	const key = ({ type, value }: SubjectAltName) =>
		`${type}:${type === 'dns' ? value.toLowerCase() : mailboxKey(value)}`;
	const left = new Set(a.map(key));
	const right = new Set(b.map(key));
	return left.size === right.size && [...left].every((k) => right.has(k));
}
