/**
 * Whether the issuing CA can sign right now, through the same signer issuance uses: a signature
 * over a fixed message, checked with the public key of the CA certificate. With the key in memory
 * this fails only if the key and certificate no longer belong together; behind a signing device it
 * also catches the device being gone.
 */
import { createPublicKey, verify } from 'node:crypto';
import type { IssuingCa } from './authority.ts';

const PROBE = Buffer.from('cert-pickup readiness probe');

export function assertCaSigns(ca: Pick<IssuingCa, 'certificate' | 'signer'>): void {
	const signature = ca.signer.sign(PROBE);
	const publicKey = createPublicKey({
		key: Buffer.from(ca.certificate.publicKey.rawData),
		format: 'der',
		type: 'spki'
	});
	if (!verify(ca.signer.hash, PROBE, { key: publicKey, dsaEncoding: 'der' }, signature))
		throw new Error("the CA key's signature does not verify with the CA certificate");
}
