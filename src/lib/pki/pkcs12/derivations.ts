/**
 * The keys derived while one .p12 is built, remembered by their inputs. buildPkcs12 parses its
 * own output back (the self-check), and the self-check meets the same password, salts and counts
 * the build just used: re-running a deterministic KDF on identical inputs proves nothing and
 * would double the build time. Everything else (parsing, MAC comparison, decryption, key match)
 * is done again from the bytes of the file. A cache lives for one build only.
 */
import { toBase64 } from '../bytes.js';
import { importPassword } from '../pbkdf2.js';

export class Derivations {
	private readonly results = new Map<string, Promise<Uint8Array>>();
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

	derive(
		inputs: readonly (string | number | Uint8Array)[],
		compute: () => Uint8Array | Promise<Uint8Array>
	): Promise<Uint8Array> {
		const key = JSON.stringify(
			inputs.map((input) => (input instanceof Uint8Array ? toBase64(input) : input))
		);
		let result = this.results.get(key);
		if (!result) {
			result = Promise.resolve().then(compute);
			this.results.set(key, result);
		}
		return result;
	}
}
