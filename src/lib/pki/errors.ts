/**
 * Every way the PKI core can refuse an input or fail a check. The UI localizes by `code`;
 * `message` is English text for developers and logs.
 */
export type PkiErrorCode =
	| 'input_too_large'
	| 'key_algorithm_not_allowed'
	| 'key_malformed'
	| 'name_invalid'
	| 'name_unsupported_attribute'
	| 'csr_malformed'
	| 'csr_signature_invalid'
	| 'csr_signature_weak'
	| 'csr_subject_mismatch'
	| 'csr_san_mismatch'
	| 'csr_san_missing'
	| 'csr_key_not_allowed'
	| 'certificate_malformed'
	| 'chain_no_leaf'
	| 'chain_leaf_key_mismatch'
	| 'chain_subject_mismatch'
	| 'chain_san_mismatch'
	| 'chain_untrusted'
	| 'chain_not_yet_valid'
	| 'chain_expired'
	| 'chain_invalid'
	| 'pkcs12_malformed'
	| 'pkcs12_unsupported'
	| 'pkcs12_wrong_password'
	| 'pkcs12_self_check_failed'
	| 'key_unwrap_wrong_password'
	| 'key_wrap_malformed';

export class PkiError extends Error {
	readonly code: PkiErrorCode;
	/** Values the localized text names: the key that was sent, the option that adds a name. */
	readonly params: Readonly<Record<string, string>>;

	constructor(
		code: PkiErrorCode,
		message: string,
		options?: { cause?: unknown; params?: Record<string, string> }
	) {
		super(message, options);
		this.name = 'PkiError';
		this.code = code;
		this.params = options?.params ?? {};
	}
}

/**
 * Runs a parser and turns whatever it throws (asn1js and @peculiar/x509 throw plain
 * errors, strings or worse on hostile input) into one PkiError, keeping PkiErrors as they are.
 */
export async function asPkiError<T>(
	code: PkiErrorCode,
	message: string,
	run: () => T | Promise<T>
): Promise<T> {
	try {
		return await run();
	} catch (error) {
		if (error instanceof PkiError) throw error;
		throw new PkiError(code, message, { cause: error });
	}
}

export function assertMaxSize(input: string | Uint8Array, maxBytes: number, what: string): void {
	if (input.length > maxBytes) {
		throw new PkiError('input_too_large', `${what} is larger than ${maxBytes} bytes`);
	}
}
