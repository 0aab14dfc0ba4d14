/**
 * The two .p12 profiles and their iteration counts.
 *
 * The counts are bounded by importers: .NET's X509CertificateLoader refuses more than 300,000
 * iterations for one derivation or 1,000,000 in all, and the 2023 servicing update of the older
 * .NET loaders refuses more than 600,000 in all (MAC + key bag + certificate bag); Windows'
 * own PFX import has a limit of the same order. Within that, the count is as high as importers
 * still take well under half a second. Our own build is not the bound: the PKCS#12 KDF it runs
 * in JavaScript costs about 0.1 µs per SHA-1 and 0.2 µs per SHA-256 iteration, close to
 * OpenSSL's native speed (bench/results.md, section "PKI").
 *
 * modern: 200,000 for both bags and the MAC (600,000 in all): an attacker pays 200,000
 * SHA-256 compressions per guess through the MAC and 400,000 through PBKDF2.
 * legacy: 50,000 for both bags and the MAC (3 SHA-1 derivations per bag for the 3DES key and IV,
 * 1 for the MAC: 7 x 50,000 hashes per import), since its readers are the oldest and slowest
 * machines. Both are far above what OpenSSL (2,048) and Java (10,000) write by default.
 */
import type { Pkcs12Profile } from '../../domain/pkcs12-profiles.ts';
import type { Pkcs12Hash } from './kdf.ts';

export interface Pkcs12ProfileSpec {
	/** The key bag's and the certificate bags' encryption. */
	encryption: 'pbes2-aes-256-cbc' | 'pbe-sha1-3des';
	encryptionIterations: number;
	macHash: Pkcs12Hash;
	macIterations: number;
}

/**
 * The most a file may ask of a reader per derivation: five times our own counts, above .NET's
 * per-derivation limit (300,000), and low enough that a hostile file cannot hang the tab.
 */
export const MAX_ITERATIONS = 1_000_000;

export const PKCS12_PROFILES: Record<Pkcs12Profile, Pkcs12ProfileSpec> = {
	modern: {
		encryption: 'pbes2-aes-256-cbc',
		encryptionIterations: 200_000,
		macHash: 'SHA-256',
		macIterations: 200_000
	},
	legacy: {
		encryption: 'pbe-sha1-3des',
		encryptionIterations: 50_000,
		macHash: 'SHA-1',
		macIterations: 50_000
	}
};
