import { randomBytes } from 'node:crypto';

/**
 * 128 random bits for a certificate serial number (CA/Browser Forum baseline: at least 64). Encoded
 * as a positive INTEGER this is at most 17 octets (a zero octet first when the top bit is set),
 * within RFC 5280's 20-octet limit.
 */
export function randomSerial(): Uint8Array {
	return randomBytes(16);
}
