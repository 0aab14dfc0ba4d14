import type { FlowError, FlowErrorCode } from '$lib/pickup/state';
import { m } from '$lib/paraglide/messages.js';

const TEXTS: Record<Exclude<FlowErrorCode, `pki:${string}`>, () => string> = {
	link_missing: m.error_link_missing,
	link_malformed: m.error_link_malformed,
	password_policy: m.error_password_policy,
	password_mismatch: m.error_password_mismatch,
	order_not_collectable: m.error_order_not_collectable,
	crypto_unavailable: m.error_crypto_unavailable,
	unexpected: m.error_unexpected,
	network: m.error_network,
	unexpected_response: m.error_unexpected_response,
	order_not_found: m.error_order_not_found,
	link_invalid: m.error_link_invalid,
	order_expired: m.error_order_expired,
	order_cancelled: m.error_order_cancelled,
	order_collected: m.error_order_collected,
	order_locked: m.error_order_locked,
	pickup_password_wrong: m.error_pickup_password_wrong,
	session_invalid: m.error_session_invalid,
	rate_limited: m.error_rate_limited,
	agreement_version_mismatch: m.error_agreement_version_mismatch,
	csr_malformed: m.error_csr_malformed,
	csr_signature_invalid: m.error_csr_signature_invalid,
	csr_subject_mismatch: m.error_csr_subject_mismatch,
	csr_key_not_allowed: m.error_csr_key_not_allowed,
	csr_already_used: m.error_csr_already_used,
	certificate_not_ready: m.error_certificate_not_ready,
	body_invalid: m.error_body_invalid,
	body_too_large: m.error_body_too_large,
	unsupported_media_type: m.error_unsupported_media_type,
	not_found: m.error_not_found,
	internal: m.error_internal
};

/** The localized sentence for a flow error, including how many pickup attempts remain. */
export function errorText(error: FlowError): string {
	const text = error.code.startsWith('pki:')
		? m.error_pki({ code: error.code.slice(4) })
		: TEXTS[error.code as keyof typeof TEXTS]();
	return error.attemptsLeft === undefined
		? text
		: `${text} ${m.error_attempts_left({ count: error.attemptsLeft })}`;
}
