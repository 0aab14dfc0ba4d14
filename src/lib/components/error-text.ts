import { m } from '$lib/paraglide/messages.js';
import type { FlowError, FlowErrorCode } from '$lib/pickup/state.ts';

type Params = Readonly<Record<string, string>>;

/** One sentence per failure the applicant can meet, so every error says what happened and what to do. */
const TEXTS: Record<FlowErrorCode, (params: Params) => string> = {
	link_missing: m.error_link_missing,
	link_malformed: m.error_link_malformed,
	password_policy: m.error_password_policy,
	password_mismatch: m.error_password_mismatch,
	password_target_limit: m.error_password_target_limit,
	agreement_not_accepted: m.error_agreement_not_accepted,
	order_not_collectable: m.error_order_not_collectable,
	crypto_unavailable: m.error_crypto_unavailable,
	work_stopped: m.error_work_stopped,
	pickup_unreadable: m.error_pickup_unreadable,
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
	ca_refused: m.error_ca_refused,
	ca_unavailable: m.error_ca_unavailable,
	internal: m.error_internal,
	service_unavailable: m.error_service_unavailable,
	'pki:input_too_large': m.error_pki_input_too_large,
	'pki:key_algorithm_not_allowed': m.error_csr_key_not_allowed,
	'pki:key_malformed': m.error_pki_key_malformed,
	'pki:name_invalid': m.error_pki_name_invalid,
	'pki:name_unsupported_attribute': m.error_pki_name_invalid,
	'pki:csr_malformed': m.error_pki_csr_malformed,
	'pki:csr_signature_invalid': m.error_csr_signature_invalid,
	'pki:csr_signature_weak': (params) => m.error_pki_csr_signature_weak({ hash: params.hash ?? '' }),
	'pki:csr_subject_mismatch': m.error_pki_csr_subject_mismatch,
	'pki:csr_san_mismatch': m.error_pki_csr_san_mismatch,
	'pki:csr_san_missing': (params) =>
		m.error_pki_csr_san_missing({ openssl: params.openssl ?? '', keytool: params.keytool ?? '' }),
	'pki:csr_key_not_allowed': (params) =>
		params.key
			? m.error_pki_csr_key_named({ key: params.key, allowed: params.allowed ?? '' })
			: m.error_csr_key_not_allowed(),
	'pki:certificate_malformed': m.error_pki_certificate_malformed,
	'pki:chain_no_leaf': m.error_pki_certificate_malformed,
	'pki:chain_leaf_key_mismatch': m.error_pki_chain_leaf_key_mismatch,
	'pki:chain_subject_mismatch': m.error_pki_chain_subject_mismatch,
	'pki:chain_san_mismatch': m.error_pki_chain_subject_mismatch,
	'pki:chain_untrusted': m.error_pki_chain_untrusted,
	'pki:chain_not_yet_valid': m.error_pki_chain_dates,
	'pki:chain_expired': m.error_pki_chain_dates,
	'pki:chain_invalid': m.error_pki_chain_untrusted,
	'pki:pkcs12_malformed': m.error_pki_pkcs12_failed,
	'pki:pkcs12_unsupported': m.error_pki_pkcs12_failed,
	'pki:pkcs12_wrong_password': m.error_pki_pkcs12_failed,
	'pki:pkcs12_self_check_failed': m.error_pki_pkcs12_failed,
	'pki:key_unwrap_wrong_password': m.error_pki_key_unwrap_wrong_password,
	'pki:key_wrap_malformed': m.error_pki_key_wrap_malformed
};

/** The localized sentence for a flow error, with how many pickup attempts remain where that matters. */
export function errorText(error: FlowError): string {
	const text = TEXTS[error.code](error.params ?? {});
	return error.attemptsLeft === undefined
		? text
		: `${text} ${m.error_attempts_left({ count: error.attemptsLeft })}`;
}
