/** PKCS#12 (RFC 7292): the .p12 the applicant downloads, in the modern or the legacy profile. */
export { buildPkcs12, type BuildPkcs12Params } from './build.ts';
export { readPkcs12, MAX_PKCS12_BYTES, type Pkcs12Contents } from './read.ts';
export { selfCheckPkcs12, type Pkcs12Expectation } from './self-check.ts';
export { PKCS12_PROFILES, type Pkcs12ProfileSpec } from './profiles.ts';
export { fitsBuild, preparePkcs12, type PreparedPkcs12 } from './prepared.ts';
export { warmPkcs12Kdf } from './kdf.ts';
