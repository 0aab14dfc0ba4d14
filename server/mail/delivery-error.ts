/**
 * One error for every way a message fails to go out, saying whether trying again can help: the
 * outbox gives up on a permanent failure and retries any other.
 */
export class MailDeliveryError extends Error {
	override name = 'MailDeliveryError';

	constructor(
		/** The SMTP server refused this message for good: sending it again gets the same answer. */
		readonly permanent: boolean,
		/** The SMTP server's answer, or the connection or file error. */
		readonly response: string,
		options?: ErrorOptions
	) {
		super(`${permanent ? 'mail refused' : 'mail not sent, can be retried'}: ${response}`, options);
	}
}

/** What nodemailer attaches to its errors (NodemailerError), as far as the classification reads it. */
interface SendFailure {
	message?: unknown;
	code?: unknown;
	response?: unknown;
	responseCode?: unknown;
}

export function deliveryError(error: unknown): MailDeliveryError {
	const failure: SendFailure = typeof error === 'object' && error !== null ? error : {};
	const response =
		typeof failure.response === 'string'
			? failure.response
			: typeof failure.message === 'string'
				? failure.message
				: String(error);
	return new MailDeliveryError(isPermanent(failure), response, { cause: error });
}

function isPermanent(failure: SendFailure): boolean {
	// A wrong SMTP user or password is the relay's configuration, not this message: retried, the
	// message goes out once the operator fixes it instead of being given up.
	if (failure.code === 'EAUTH' || failure.code === 'ENOAUTH') return false;
	if (typeof failure.responseCode === 'number')
		// RFC 5321: 5yz is a permanent refusal, except 503 (bad sequence of commands), which says the
		// session went wrong rather than that the message was refused.
		return (
			failure.responseCode >= 500 && failure.responseCode < 600 && failure.responseCode !== 503
		);
	// An envelope nodemailer refuses before connecting (no valid recipient) never gets better.
	return failure.code === 'EENVELOPE';
}
