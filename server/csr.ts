/**
 * The server's use of the PKI core's request checks: the same code the app uses to build requests
 * checks them here, so the two sides cannot disagree about names or key policy. This module
 * translates the PKI core's error codes into the API's problem codes, reads the request with the
 * PKI core's one-pass DER reader (csr-der.ts) and checks the signature itself with node:crypto.
 */
import { constants, KeyObject, verify } from 'node:crypto';
import type { KeyAlgorithmName } from '../src/lib/domain/key-algorithms.ts';
import type { ProblemCode } from '../src/lib/domain/problem-codes.ts';
import {
	checkCsrAgainstOrder,
	parseCsr,
	type CsrOrder,
	type ParsedCsr
} from '../src/lib/pki/csr.ts';
import { readCsrDer } from '../src/lib/pki/csr-der.ts';
import { PkiError, type PkiErrorCode } from '../src/lib/pki/errors.ts';
import type { SignatureCheck } from '../src/lib/pki/self-signature.ts';
import { Refusal } from './problems.ts';

export type CheckedCsr = ParsedCsr & { keyAlgorithm: KeyAlgorithmName };

const PROBLEM_FOR: Partial<Record<PkiErrorCode, ProblemCode>> = {
	input_too_large: 'body_too_large',
	csr_signature_invalid: 'csr_signature_invalid',
	csr_signature_weak: 'csr_signature_invalid',
	csr_san_missing: 'csr_subject_mismatch',
	csr_subject_mismatch: 'csr_subject_mismatch',
	csr_san_mismatch: 'csr_subject_mismatch',
	name_unsupported_attribute: 'csr_subject_mismatch',
	csr_key_not_allowed: 'csr_key_not_allowed',
	key_algorithm_not_allowed: 'csr_key_not_allowed'
};

/** Parses the request, verifies its proof of possession and compares it with the order. */
export async function checkRequest(
	input: string | Uint8Array,
	order: CsrOrder
): Promise<CheckedCsr> {
	try {
		const csr = await parseCsr(input, {
			check: nodeCheck,
			read: readCsrDer,
			allowedKeys: order.allowedKeys
		});
		checkCsrAgainstOrder(csr, order);
		return csr as CheckedCsr;
	} catch (error) {
		if (error instanceof PkiError)
			throw new Refusal(PROBLEM_FOR[error.code] ?? 'csr_malformed', error.message);
		throw error;
	}
}

/**
 * The request's signature checked at once on this thread, as the request carries it: WebCrypto
 * would convert an ECDSA signature to r || s and verify it as a thread-pool job, whose hand-off
 * costs more CPU than the verification. OpenSSL accepts only the DER encoding of an ECDSA
 * signature (stricter than the WebCrypto path, which lets an INTEGER carry needless leading zeros);
 * the key and the algorithm were vetted by the PKI core before.
 */
const nodeCheck: SignatureCheck = (key, algorithm, signature, signed) =>
	verify(
		algorithm.hash,
		signed,
		{
			key: KeyObject.from(key),
			dsaEncoding: 'der',
			// MGF1 over the message's hash, as in WebCrypto: the PKI core let no other through.
			...(algorithm.family === 'RSA-PSS' && {
				padding: constants.RSA_PKCS1_PSS_PADDING,
				saltLength: algorithm.saltLength
			})
		},
		signature
	);
