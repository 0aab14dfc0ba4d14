/**
 * What the operator console keeps in the order store: the people who sign in, their passkeys, the
 * invitations that enrol them, their sessions, and the WebAuthn challenges in flight. Tokens are
 * kept as SHA-256 only, so a copy of the database cannot sign anyone in.
 */
import type { OutboxMessage } from './types.ts';

export type PersonRole = 'office' | 'admin';

export interface Person {
	id: string;
	name: string;
	role: PersonRole;
	createdAt: string;
}

export interface Passkey {
	id: string;
	personId: string;
	/** The authenticator's credential id, base64url, as WebAuthn responses name it. */
	credentialId: string;
	/** COSE public key. */
	publicKey: Buffer;
	/** The signature counter last seen: one that goes back betrays a cloned authenticator. */
	counter: number;
	transports: string[];
	createdAt: string;
	lastUsedAt: string | null;
}

export interface Invite {
	id: string;
	tokenSha256: Buffer;
	name: string;
	role: PersonRole;
	/** The id the new person gets; it is the WebAuthn user handle from the start. */
	personId: string;
	invitedBy: string | null;
	createdAt: string;
	expiresAt: string;
	usedAt: string | null;
}

export interface ConsoleSession {
	tokenSha256: Buffer;
	person: Person;
	passkeyId: string;
	createdAt: string;
	lastSeenAt: string;
	expiresAt: string;
}

export type ChallengePurpose = 'register' | 'sign_in';

export interface NewChallenge {
	challengeSha256: Buffer;
	purpose: ChallengePurpose;
	/** The invitation a registration challenge is for; null for sign-in. */
	inviteId: string | null;
	expiresAt: Date;
}

export type OutboxAttention = 'queued' | 'failed';

export interface ConsoleReads {
	findPerson(id: string): Promise<Person | undefined>;
	listPeople(): Promise<Person[]>;
	listPasskeys(): Promise<Passkey[]>;
	findPasskeyByCredential(credentialId: string): Promise<Passkey | undefined>;
	findInvite(tokenSha256: Buffer): Promise<Invite | undefined>;
	listInvites(): Promise<Invite[]>;
	/** Messages that wait or gave up, newest first. */
	listOutbox(status: OutboxAttention | undefined, limit: number): Promise<OutboxMessage[]>;
	findOutboxMessage(id: string): Promise<OutboxMessage | undefined>;
}

export interface ConsoleWrites {
	insertInvite(invite: Omit<Invite, 'usedAt'>): Promise<void>;
	/** False when the invitation was used or has expired meanwhile: it enrols one person only. */
	useInvite(id: string, now: Date): Promise<boolean>;
	insertPerson(person: Person): Promise<void>;
	/** Also removes the person's passkeys and sessions; false when there is no such person. */
	deletePerson(id: string): Promise<boolean>;
	insertPasskey(passkey: Omit<Passkey, 'lastUsedAt'>): Promise<void>;
	/** Also ends the sessions opened with it; false when there is no such passkey. */
	deletePasskey(id: string): Promise<boolean>;
	notePasskeyUse(id: string, counter: number, now: Date): Promise<void>;
	/** Forgets expired challenges too, so abandoned ceremonies leave nothing behind. */
	insertChallenge(challenge: NewChallenge, now: Date): Promise<void>;
	/** Consumes a live challenge: true once, then false. */
	takeChallenge(
		challengeSha256: Buffer,
		purpose: ChallengePurpose,
		inviteId: string | null,
		now: Date
	): Promise<boolean>;
	insertConsoleSession(
		session: Omit<ConsoleSession, 'person' | 'lastSeenAt'> & { personId: string }
	): Promise<void>;
	/**
	 * The session, when it has been used since `idleSince` and ends after `now`, marked as used
	 * now; undefined for any other token.
	 */
	touchConsoleSession(
		tokenSha256: Buffer,
		now: Date,
		idleSince: Date
	): Promise<ConsoleSession | undefined>;
	deleteConsoleSession(tokenSha256: Buffer): Promise<void>;
	/**
	 * A queued message, or a failed one whose content is still there, is due now, with a fresh run
	 * of attempts; false for any other.
	 */
	retryOutbox(id: string, now: Date): Promise<boolean>;
}
