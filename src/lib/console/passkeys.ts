/**
 * The passkey ceremonies through @simplewebauthn/browser: registering one from an invitation and
 * signing in with one. A ceremony the person cancels (or the browser refuses) is told apart from
 * the server's refusal, so each gets its own sentence.
 */
import {
	browserSupportsWebAuthn,
	startAuthentication,
	startRegistration,
	type PublicKeyCredentialCreationOptionsJSON,
	type PublicKeyCredentialRequestOptionsJSON
} from '@simplewebauthn/browser';
import type { ConsoleApi, CreationOptionsJSON } from './api.ts';
import type { SessionInfo } from './types.ts';

/** The browser's side of a ceremony failed: cancelled, timed out, or no passkey support. */
export class PasskeyCeremonyError extends Error {
	readonly reason: 'cancelled' | 'unsupported' | 'failed';

	constructor(reason: 'cancelled' | 'unsupported' | 'failed', message: string) {
		super(message);
		this.name = 'PasskeyCeremonyError';
		this.reason = reason;
	}
}

function ceremonyError(error: unknown): PasskeyCeremonyError {
	const name = error instanceof Error ? error.name : '';
	const cause = error instanceof Error && error.cause instanceof Error ? error.cause.name : '';
	if (name === 'NotAllowedError' || cause === 'NotAllowedError' || name === 'AbortError')
		return new PasskeyCeremonyError('cancelled', String(error));
	return new PasskeyCeremonyError('failed', String(error));
}

export function passkeysSupported(): boolean {
	return browserSupportsWebAuthn();
}

/**
 * Registers a passkey for an invitation whose options were read (and its name and role shown):
 * the browser's ceremony, then the server's check, which opens the session.
 */
export async function registerFromInvite(
	api: ConsoleApi,
	invite: string,
	options: CreationOptionsJSON
): Promise<SessionInfo> {
	if (!passkeysSupported()) throw new PasskeyCeremonyError('unsupported', 'no WebAuthn');
	let response;
	try {
		response = await startRegistration({
			optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON
		});
	} catch (error) {
		throw ceremonyError(error);
	}
	return api.registerInvite(invite, response);
}

export async function signInWithPasskey(api: ConsoleApi): Promise<SessionInfo> {
	if (!passkeysSupported()) throw new PasskeyCeremonyError('unsupported', 'no WebAuthn');
	const options = await api.signInOptions();
	let response;
	try {
		response = await startAuthentication({
			optionsJSON: options as unknown as PublicKeyCredentialRequestOptionsJSON
		});
	} catch (error) {
		throw ceremonyError(error);
	}
	return api.signIn(response);
}
