/**
 * The keys derived for one .p12, remembered by their inputs. buildPkcs12 parses its own output
 * back (the self-check), and the self-check meets the same password, salts and counts the build
 * just used: re-running a deterministic KDF on identical inputs proves nothing and would double
 * the build time. Everything else (parsing, MAC comparison, decryption, key match) is done again
 * from the bytes of the file. A cache lives for one file: filled while it is built, or ahead of
 * it from the certificate password and the salts it will carry (prepared.ts).
 */
import { toBase64 } from '../bytes.ts';
import { importPassword } from '../pbkdf2.ts';

export class Derivations {
	private readonly results = new Map<string, Promise<unknown>>();
	private readonly passwords = new Map<string, Promise<CryptoKey>>();

	/** The password as a WebCrypto PBKDF2 key, imported once. */
	passwordKey(password: string): Promise<CryptoKey> {
		let key = this.passwords.get(password);
		if (!key) {
			key = importPassword(password);
			this.passwords.set(password, key);
		}
		return key;
	}

	/** Raw key bytes where JavaScript needs them (the PKCS#12 KDF), else a non-extractable CryptoKey. */
	derive<T extends Uint8Array | CryptoKey>(
		inputs: readonly (string | number | Uint8Array)[],
		compute: () => T | Promise<T>
	): Promise<T> {
		const key = JSON.stringify(
			inputs.map((input) => (input instanceof Uint8Array ? toBase64(input) : input))
		);
		let result = this.results.get(key) as Promise<T> | undefined;
		if (!result) {
			result = Promise.resolve().then(compute);
			this.results.set(key, result);
		}
		return result;
	}
}
