/**
 * The key algorithms an order may allow, by the names the API, the stored pickup and the server
 * use: RSA with its modulus length, EC with its NIST curve (RFC 5480).
 */
export const KEY_ALGORITHMS = ['RSA-2048', 'RSA-3072', 'RSA-4096', 'P-256', 'P-384'] as const;

export type KeyAlgorithmName = (typeof KEY_ALGORITHMS)[number];
