/**
 * The crypto worker's side of deriving ahead: the keys the certificate password will need (the
 * key wrap's, the .p12's), derived as soon as it is chosen and held here, in the worker's memory
 * only, under the opaque handle the pickup names them by. Never stored or sent: the key wrap's
 * and the .p12 bags' are non-extractable CryptoKeys, the MAC key is bytes as the build always
 * had it. They go with a release, or with the worker (ended on a kiosk wipe, a take-over, or a
 * crash); a handle this worker does not know is work that is simply derived again on demand.
 */
import type { Pkcs12Profile } from '../domain/pkcs12-profiles.ts';
import { prepareKeyWrap, type PreparedKeyWrap } from '../pki/key-wrap.ts';
import {
	fitsBuild,
	PKCS12_PROFILES,
	preparePkcs12,
	type PreparedPkcs12
} from '../pki/pkcs12/index.ts';

interface Prepared {
	keyWrap: PreparedKeyWrap;
	pkcs12: PreparedPkcs12;
}

/** One per worker (crypto-chunk.ts): what it holds goes with it. */
export class PreparedWork {
	readonly #held = new Map<string, Prepared>();

	/** Resolves when all are derived; what failed is dropped, to be derived again when needed. */
	async prepare(handle: string, password: string, profile: Pkcs12Profile): Promise<void> {
		const keyWrap = prepareKeyWrap(password);
		// The key wrap's derivation first: the request waits for it, the .p12 only at the end.
		const work = {
			keyWrap,
			pkcs12: preparePkcs12(password, PKCS12_PROFILES[profile], { bagsAfter: keyWrap.key })
		};
		this.#held.set(handle, work);
		const [wrapKey, pkcs12Ready] = await Promise.all([work.keyWrap.key, work.pkcs12.ready]);
		if (!wrapKey || !pkcs12Ready) this.#drop(handle, work);
	}

	/**
	 * The key bag of the .p12 to come, encrypted while the request is out. A profile other than
	 * the one prepared for (chosen at the key options) has its keys derived now, still before the
	 * certificate arrives.
	 */
	async prepareKeyBag(handle: string, pkcs8: Uint8Array, profile: Pkcs12Profile): Promise<void> {
		const work = this.#held.get(handle);
		if (!work) return;
		const { password } = work.pkcs12;
		const spec = PKCS12_PROFILES[profile];
		if (!fitsBuild(work.pkcs12, password, spec)) work.pkcs12 = preparePkcs12(password, spec);
		const pkcs12 = work.pkcs12;
		if (await pkcs12.ready) await pkcs12.shroudKey(pkcs8);
		else this.#drop(handle, work);
	}

	release(handle: string): void {
		this.#held.delete(handle);
	}

	keyWrap(handle: string | null | undefined): PreparedKeyWrap | undefined {
		return handle ? this.#held.get(handle)?.keyWrap : undefined;
	}

	pkcs12(handle: string | null | undefined): PreparedPkcs12 | undefined {
		return handle ? this.#held.get(handle)?.pkcs12 : undefined;
	}

	#drop(handle: string, work: Prepared): void {
		if (this.#held.get(handle) === work) this.#held.delete(handle);
	}
}
