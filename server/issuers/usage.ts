/**
 * The key usage and extended key usage a product's certificate carries: what the built-in CA
 * writes and what a certificate from an external CA must show before it is handed out.
 */
import * as x509 from '../../src/lib/pki/x509.ts';
import type { ExtendedKeyUsage, ProductProfile } from '../catalog.ts';

const EKU_OIDS: Record<ExtendedKeyUsage, string> = {
	serverAuth: x509.ExtendedKeyUsage.serverAuth,
	clientAuth: x509.ExtendedKeyUsage.clientAuth,
	emailProtection: x509.ExtendedKeyUsage.emailProtection
};

export function keyUsageFor(profile: ProductProfile, rsa: boolean): x509.KeyUsageFlags {
	let usage = x509.KeyUsageFlags.digitalSignature;
	if (rsa && profile.rsaKeyEncipherment) usage |= x509.KeyUsageFlags.keyEncipherment;
	return usage;
}

export function extendedKeyUsageOids(profile: ProductProfile): string[] {
	return profile.extendedKeyUsage.map((eku) => EKU_OIDS[eku]);
}
