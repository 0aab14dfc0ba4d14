/** RFC 7468 textual encoding of DER structures. */
import { fromBase64, toBase64 } from './bytes.ts';
import { PkiError, type PkiErrorCode } from './errors.ts';

export interface PemBlock {
	label: string;
	der: Uint8Array;
}

export function encodePem(label: string, der: Uint8Array): string {
	const lines = toBase64(der).match(/.{1,64}/g) ?? [];
	return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

const PEM_BLOCK =
	/-----BEGIN ([A-Z0-9 ]{1,64})-----([A-Za-z0-9+/=\s]*)-----END ([A-Z0-9 ]{1,64})-----/g;

/**
 * All PEM blocks in the text. Section 2 lets text surround the blocks (OpenSSL writes
 * "subject=..." lines before them), so only the blocks are read. A block whose END label differs
 * from its BEGIN label is malformed; so is one with headers (section 5.2: only legacy encrypted
 * PEM has them, which never carries a certificate or a request) or a body that is not base64.
 */
export function decodePem(text: string, errorCode: PkiErrorCode): PemBlock[] {
	const blocks: PemBlock[] = [];
	for (const match of text.matchAll(PEM_BLOCK)) {
		const [, label = '', body = '', endLabel] = match;
		if (label !== endLabel) {
			throw new PkiError(errorCode, `PEM block BEGIN ${label} ends with END ${endLabel}`);
		}
		const der = fromBase64(body);
		if (!der) throw new PkiError(errorCode, `PEM block ${label} is not valid base64`);
		blocks.push({ label, der });
	}
	const begins = text.split('-----BEGIN ').length - 1;
	if (blocks.length === 0 || blocks.length !== begins) {
		throw new PkiError(errorCode, 'the text has a PEM block that is not well formed');
	}
	return blocks;
}

export function isPem(text: string): boolean {
	return text.includes('-----BEGIN ');
}
