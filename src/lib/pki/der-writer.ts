/**
 * A minimal DER writer (X.690) for what the server writes on its hot path: the TBSCertificate and
 * the subject Name in it. Every input is either a small integer, a date, a string, or bytes that
 * are already DER (OIDs, the public key, extensions), so tag-length-value concatenation is all that
 * is needed, and it costs a fraction of building the same bytes through an ASN.1 object model.
 */

export function tlv(tag: number, ...contents: Uint8Array[]): Uint8Array<ArrayBuffer> {
	const length = contents.reduce((sum, part) => sum + part.length, 0);
	const header = [tag, ...lengthOctets(length)];
	const out = new Uint8Array(header.length + length);
	out.set(header, 0);
	let offset = header.length;
	for (const part of contents) {
		out.set(part, offset);
		offset += part.length;
	}
	return out;
}

/** X.690 section 8.1.3: short form below 128, else the count of length octets first. */
function lengthOctets(length: number): number[] {
	if (length < 0x80) return [length];
	const octets: number[] = [];
	for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
	return [0x80 | octets.length, ...octets];
}

export function sequence(...contents: Uint8Array[]): Uint8Array<ArrayBuffer> {
	return tlv(0x30, ...contents);
}

export function explicit(tagNumber: number, content: Uint8Array): Uint8Array<ArrayBuffer> {
	return tlv(0xa0 | tagNumber, content);
}

/**
 * An [tag] IMPLICIT IA5String, e.g. a GeneralName: one octet per character, as the app's request
 * (asn1js) writes the same names, so that the certificate's names are byte for byte the request's.
 */
export function ia5Implicit(tagNumber: number, value: string): Uint8Array<ArrayBuffer> {
	const octets = new Uint8Array(value.length);
	for (let i = 0; i < value.length; i++) octets[i] = value.charCodeAt(i);
	return tlv(0x80 | tagNumber, octets);
}

export function octetString(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
	return tlv(0x04, bytes);
}

export function bitString(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
	return tlv(0x03, new Uint8Array([0]), bytes);
}

/** A non-negative INTEGER from big-endian magnitude bytes, minimally encoded (X.690 8.3.2). */
export function unsignedInteger(magnitude: Uint8Array): Uint8Array<ArrayBuffer> {
	let start = 0;
	while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
	const trimmed = magnitude.subarray(start);
	const pad = (trimmed[0] ?? 0) & 0x80 ? [0] : [];
	return tlv(0x02, new Uint8Array([...pad, ...(trimmed.length ? trimmed : [0])]));
}

/** RFC 5280 section 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, whole seconds, Z. */
export function time(date: Date): Uint8Array<ArrayBuffer> {
	const year = date.getUTCFullYear();
	const digits = [
		date.getUTCMonth() + 1,
		date.getUTCDate(),
		date.getUTCHours(),
		date.getUTCMinutes(),
		date.getUTCSeconds()
	]
		.map((part) => String(part).padStart(2, '0'))
		.join('');
	const utc = year >= 1950 && year < 2050;
	const text = `${utc ? String(year % 100).padStart(2, '0') : String(year)}${digits}Z`;
	return tlv(utc ? 0x17 : 0x18, new TextEncoder().encode(text));
}
