/** Byte helpers shared by the encoders, without Node's Buffer so that they run in browsers. */

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	let diff = 0;
	for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
	return diff === 0;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let offset = 0;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.length;
	}
	return out;
}

/** Latin-1 never fails to decode, so bytes that may be DER or PEM text can be inspected as text. */
export function latin1(bytes: Uint8Array): string {
	let text = '';
	// Chunked so that large inputs stay under the engine's argument-count limit.
	for (let i = 0; i < bytes.length; i += 0x8000) {
		text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return text;
}

export function toBase64(bytes: Uint8Array): string {
	return btoa(latin1(bytes));
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict RFC 4648 section 4 base64, whitespace ignored; null when the text is not base64. */
export function fromBase64(text: string): Uint8Array | null {
	const compact = text.replace(/\s+/g, '');
	if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) return null;
	const binary = atob(compact);
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return bytes;
}

/** A copy backed by a plain ArrayBuffer, which is what WebCrypto's BufferSource typing asks for. */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
	return bytes.slice().buffer;
}
