/** The PKI core: keys, requests, certificates and chains, PKCS#12, and the key at rest. */
export * from './errors.js';
export * from './keys.js';
export * from './name.js';
export * from './csr.js';
export * from './certificates.js';
export * from './chain.js';
export * from './key-wrap.js';
export * from './pem.js';
export * from './subject-alt-name.js';
export * from './pkcs12/index.js';
