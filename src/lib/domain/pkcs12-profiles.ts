/**
 * The two kinds of .p12 the app builds: `modern` (PBES2 with AES-256 and a SHA-256 MAC) for
 * today's importers, `legacy` (3DES with a SHA-1 MAC) for those that read nothing newer.
 */
export type Pkcs12Profile = 'modern' | 'legacy';
