/**
 * The console's passkey ceremonies (WebAuthn, through @simplewebauthn/server): registering a
 * person's passkey with an invitation, and signing in with it. The relying party is the public
 * URL's host name and its origin the only one accepted. User verification (a PIN, a fingerprint)
 * is required both times: the passkey alone, without its owner, opens nothing. Each challenge is
 * kept server-side, as a hash, for one ceremony within five minutes.
 */
import {
	generateAuthenticationOptions,
	generateRegistrationOptions,
	verifyAuthenticationResponse,
	verifyRegistrationResponse,
	type AuthenticationResponseJSON,
	type PublicKeyCredentialCreationOptionsJSON,
	type PublicKeyCredentialRequestOptionsJSON,
	type RegistrationResponseJSON
} from '@simplewebauthn/server';
import type { Config } from '../config.ts';
import { Refusal } from '../problems.ts';
import { sha256 } from '../secrets.ts';
import type { ChallengePurpose, Invite, Passkey } from '../store/console-types.ts';
import type { OrderStore } from '../store/types.ts';

const CHALLENGE_TTL_MS = 5 * 60_000;
/** ES256 and RS256: what platform authenticators and security keys make. */
const ALGORITHMS = [-7, -257];

interface RelyingParty {
	id: string;
	origin: string;
	name: string;
}

function relyingParty(config: Config): RelyingParty {
	const url = new URL(config.publicUrl);
	return { id: url.hostname, origin: url.origin, name: config.ca.name };
}

/** What registration proves about a new passkey, to be stored with the person. */
export type RegisteredPasskey = Pick<
	Passkey,
	'credentialId' | 'publicKey' | 'counter' | 'transports'
>;

export async function registrationOptions(
	store: OrderStore,
	config: Config,
	invite: Invite,
	now: Date
): Promise<PublicKeyCredentialCreationOptionsJSON> {
	const party = relyingParty(config);
	const options = await generateRegistrationOptions({
		rpName: party.name,
		rpID: party.id,
		userName: invite.name,
		userDisplayName: invite.name,
		userID: new TextEncoder().encode(invite.personId),
		attestationType: 'none',
		// Discoverable, so that signing in needs no user name: the passkey names its person.
		authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
		supportedAlgorithmIDs: ALGORITHMS,
		timeout: CHALLENGE_TTL_MS
	});
	await keepChallenge(store, options.challenge, 'register', invite.id, now);
	return options;
}

export async function verifyRegistration(
	store: OrderStore,
	config: Config,
	invite: Invite,
	response: RegistrationResponseJSON,
	now: Date
): Promise<RegisteredPasskey> {
	const party = relyingParty(config);
	const verified = await refusedUnlessVerified(() =>
		verifyRegistrationResponse({
			response,
			expectedChallenge: (challenge) => takeChallenge(store, challenge, 'register', invite.id, now),
			expectedOrigin: party.origin,
			expectedRPID: party.id,
			requireUserVerification: true,
			supportedAlgorithmIDs: ALGORITHMS
		})
	);
	if (!verified.verified) throw new Refusal('passkey_refused');
	const { credential } = verified.registrationInfo;
	return {
		credentialId: credential.id,
		publicKey: Buffer.from(credential.publicKey),
		counter: credential.counter,
		transports: credential.transports ?? []
	};
}

export async function signInOptions(
	store: OrderStore,
	config: Config,
	now: Date
): Promise<PublicKeyCredentialRequestOptionsJSON> {
	const options = await generateAuthenticationOptions({
		rpID: relyingParty(config).id,
		userVerification: 'required',
		timeout: CHALLENGE_TTL_MS
	});
	await keepChallenge(store, options.challenge, 'sign_in', null, now);
	return options;
}

/** The passkey that signed, with its new signature counter; refuses anything else. */
export async function verifySignIn(
	store: OrderStore,
	config: Config,
	response: AuthenticationResponseJSON,
	now: Date
): Promise<{ passkey: Passkey; counter: number }> {
	const passkey = await store.findPasskeyByCredential(response.id);
	if (!passkey)
		throw new Refusal('passkey_refused', 'This passkey is not (or no longer) registered here.');
	// Absent or null when the authenticator does not say; anything else must be the passkey's person.
	const handle: unknown = response.response.userHandle;
	if (
		handle !== undefined &&
		handle !== null &&
		(typeof handle !== 'string' || Buffer.from(handle, 'base64url').toString() !== passkey.personId)
	)
		throw new Refusal('passkey_refused', 'The passkey names another person.');
	const party = relyingParty(config);
	const verified = await refusedUnlessVerified(() =>
		verifyAuthenticationResponse({
			response,
			expectedChallenge: (challenge) => takeChallenge(store, challenge, 'sign_in', null, now),
			expectedOrigin: party.origin,
			expectedRPID: party.id,
			credential: {
				id: passkey.credentialId,
				publicKey: new Uint8Array(passkey.publicKey),
				counter: passkey.counter
			},
			requireUserVerification: true
		})
	);
	if (!verified.verified) throw new Refusal('passkey_refused');
	return { passkey, counter: verified.authenticationInfo.newCounter };
}

async function keepChallenge(
	store: OrderStore,
	challenge: string,
	purpose: ChallengePurpose,
	inviteId: string | null,
	now: Date
): Promise<void> {
	await store.transaction(null, (tx) =>
		tx.insertChallenge(
			{
				challengeSha256: sha256(challenge),
				purpose,
				inviteId,
				expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS)
			},
			now
		)
	);
}

/** One ceremony per challenge: a response replayed, or made for another purpose, fails here. */
function takeChallenge(
	store: OrderStore,
	challenge: string,
	purpose: ChallengePurpose,
	inviteId: string | null,
	now: Date
): Promise<boolean> {
	return store.transaction(null, (tx) =>
		tx.takeChallenge(sha256(challenge), purpose, inviteId, now)
	);
}

/**
 * The library says what is wrong with a response by throwing (user not verified, wrong origin,
 * unknown challenge, bad signature): each is the same refusal, with its reason for the person.
 */
async function refusedUnlessVerified<T>(verify: () => Promise<T>): Promise<T> {
	try {
		return await verify();
	} catch (error) {
		if (error instanceof Refusal) throw error;
		throw new Refusal(
			'passkey_refused',
			error instanceof Error ? error.message.slice(0, 300) : undefined
		);
	}
}
