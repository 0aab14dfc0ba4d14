/**
 * Checks a DKIM-Signature (RFC 6376) as a receiving server would, for the relaxed/relaxed
 * canonicalization and rsa-sha256 that nodemailer signs with; enough to prove the signature holds
 * over the message exactly as it arrived, without another dependency.
 */
import { createHash, verify, type KeyObject } from 'node:crypto';

export interface DkimResult {
	tags: Record<string, string>;
	bodyHashMatches: boolean;
	signatureVerifies: boolean;
}

export function checkDkim(raw: Buffer, publicKey: KeyObject): DkimResult {
	const text = raw.toString('latin1');
	const split = text.indexOf('\r\n\r\n');
	const fields = text.slice(0, split).split(/\r\n(?![ \t])/);
	const body = text.slice(split + 4);
	const signatureField = fields.find((field) => /^dkim-signature:/i.test(field));
	if (signatureField === undefined) throw new Error('no DKIM-Signature header');
	const tags = parseTags(signatureField.slice(signatureField.indexOf(':') + 1));
	if (tags.a !== 'rsa-sha256' || tags.c !== 'relaxed/relaxed')
		throw new Error(
			`only rsa-sha256 with relaxed/relaxed is checked here, not ${tags.a} ${tags.c}`
		);
	const bodyHash = createHash('sha256').update(relaxedBody(body), 'latin1').digest('base64');
	const signed = signedHeaders(fields, (tags.h ?? '').split(':'));
	const withoutSignature = signatureField.replace(/(;\s*b=)[^;]*/, '$1');
	const data = signed + relaxedHeader(withoutSignature);
	return {
		tags,
		bodyHashMatches: bodyHash === tags.bh,
		signatureVerifies: verify(
			'sha256',
			Buffer.from(data, 'latin1'),
			publicKey,
			Buffer.from(tags.b ?? '', 'base64')
		)
	};
}

function parseTags(value: string): Record<string, string> {
	const tags: Record<string, string> = {};
	for (const part of value.split(';')) {
		const equals = part.indexOf('=');
		if (equals < 0) continue;
		tags[part.slice(0, equals).trim()] = part.slice(equals + 1).replace(/\s+/g, '');
	}
	return tags;
}

/** Each listed header once, from the bottom up when a name occurs more than once. */
function signedHeaders(fields: string[], names: string[]): string {
	const unused = [...fields];
	let data = '';
	for (const name of names) {
		const index = unused.findLastIndex((field) =>
			field.toLowerCase().startsWith(`${name.trim().toLowerCase()}:`)
		);
		if (index < 0) continue;
		data += `${relaxedHeader(unused[index] ?? '')}\r\n`;
		unused.splice(index, 1);
	}
	return data;
}

function relaxedHeader(field: string): string {
	const colon = field.indexOf(':');
	const name = field.slice(0, colon).trim().toLowerCase();
	const value = field
		.slice(colon + 1)
		.replace(/\r\n/g, '')
		.replace(/[ \t]+/g, ' ')
		.trim();
	return `${name}:${value}`;
}

function relaxedBody(body: string): string {
	const lines = body.split('\r\n').map((line) => line.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
	while (lines.length > 0 && lines.at(-1) === '') lines.pop();
	return lines.length === 0 ? '' : `${lines.join('\r\n')}\r\n`;
}
