/**
 * A passkey in software, for tests without a browser: a P-256 key (node:crypto) that answers the
 * server's WebAuthn options as a platform authenticator would, with attestation 'none'. It says it
 * verified the user (the UV flag) unless told not to, and counts its signatures.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type {
	AuthenticationResponseJSON,
	PublicKeyCredentialCreationOptionsJSON,
	PublicKeyCredentialRequestOptionsJSON,
	RegistrationResponseJSON
} from '@simplewebauthn/server';

const USER_PRESENT = 0x01;
const USER_VERIFIED = 0x04;
const ATTESTED_CREDENTIAL = 0x40;

export interface Ceremony {
	/** The page's origin, as the browser writes it into clientDataJSON. */
	origin: string;
	/** Whether the authenticator verified its user (PIN, fingerprint): the UV flag. */
	userVerified?: boolean;
}

export class SoftAuthenticator {
	readonly credentialId = randomBytes(16);
	readonly #privateKey: KeyObject;
	readonly #publicKey: KeyObject;
	#counter = 0;
	#userHandle = '';

	constructor() {
		const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
		this.#privateKey = pair.privateKey;
		this.#publicKey = pair.publicKey;
	}

	get id(): string {
		return this.credentialId.toString('base64url');
	}

	register(
		options: PublicKeyCredentialCreationOptionsJSON,
		{ origin, userVerified = true }: Ceremony
	): RegistrationResponseJSON {
		this.#userHandle = options.user.id;
		const clientData = clientDataJSON('webauthn.create', options.challenge, origin);
		const authData = Buffer.concat([
			this.#authenticatorData(
				options.rp.id ?? new URL(origin).hostname,
				userVerified,
				ATTESTED_CREDENTIAL
			),
			Buffer.alloc(16), // AAGUID: none, as attestation 'none' allows
			uint16(this.credentialId.length),
			this.credentialId,
			this.#coseKey()
		]);
		const attestationObject = cbor(
			new Map<string, unknown>([
				['fmt', 'none'],
				['attStmt', new Map()],
				['authData', authData]
			])
		);
		return {
			id: this.id,
			rawId: this.id,
			type: 'public-key',
			clientExtensionResults: {},
			response: {
				clientDataJSON: clientData.toString('base64url'),
				attestationObject: attestationObject.toString('base64url'),
				transports: ['internal']
			}
		};
	}

	signIn(
		options: PublicKeyCredentialRequestOptionsJSON,
		{ origin, userVerified = true }: Ceremony
	): AuthenticationResponseJSON {
		const clientData = clientDataJSON('webauthn.get', options.challenge, origin);
		this.#counter += 1;
		const authData = this.#authenticatorData(
			options.rpId ?? new URL(origin).hostname,
			userVerified,
			0
		);
		const signature = sign(
			'sha256',
			Buffer.concat([authData, createHash('sha256').update(clientData).digest()]),
			this.#privateKey
		);
		return {
			id: this.id,
			rawId: this.id,
			type: 'public-key',
			clientExtensionResults: {},
			response: {
				clientDataJSON: clientData.toString('base64url'),
				authenticatorData: authData.toString('base64url'),
				signature: signature.toString('base64url'),
				userHandle: this.#userHandle
			}
		};
	}

	#authenticatorData(rpId: string, userVerified: boolean, extraFlags: number): Buffer {
		const flags = USER_PRESENT | (userVerified ? USER_VERIFIED : 0) | extraFlags;
		const counter = Buffer.alloc(4);
		counter.writeUInt32BE(this.#counter);
		return Buffer.concat([
			createHash('sha256').update(rpId).digest(),
			Buffer.from([flags]),
			counter
		]);
	}

	/** The public key as COSE_Key: EC2, ES256, P-256, x, y. */
	#coseKey(): Buffer {
		const jwk = this.#publicKey.export({ format: 'jwk' });
		return cbor(
			new Map<number, unknown>([
				[1, 2],
				[3, -7],
				[-1, 1],
				[-2, Buffer.from(jwk.x ?? '', 'base64url')],
				[-3, Buffer.from(jwk.y ?? '', 'base64url')]
			])
		);
	}
}

function clientDataJSON(type: string, challenge: string, origin: string): Buffer {
	return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
}

function uint16(value: number): Buffer {
	const bytes = Buffer.alloc(2);
	bytes.writeUInt16BE(value);
	return bytes;
}

/** The few CBOR types WebAuthn needs: integers, text, byte strings and maps. */
function cbor(value: unknown): Buffer {
	if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
	if (typeof value === 'string') {
		const text = Buffer.from(value, 'utf8');
		return Buffer.concat([head(3, text.length), text]);
	}
	if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
	if (value instanceof Map) {
		const entries = [...value.entries()].flatMap(([key, item]) => [cbor(key), cbor(item)]);
		return Buffer.concat([head(5, value.size), ...entries]);
	}
	throw new Error(`cannot encode ${typeof value} as CBOR`);
}

function head(major: number, length: number): Buffer {
	if (length < 24) return Buffer.from([(major << 5) | length]);
	if (length < 256) return Buffer.from([(major << 5) | 24, length]);
	return Buffer.concat([Buffer.from([(major << 5) | 25]), uint16(length)]);
}
