/** The part of des.js (https://github.com/indutny/des.js) this library uses. */
declare module 'des.js' {
	interface CipherOptions {
		type: 'encrypt' | 'decrypt';
		key: ArrayLike<number>;
		iv?: ArrayLike<number>;
		padding?: boolean;
	}
	interface Cipher {
		update(data: ArrayLike<number>): number[];
		final(): number[];
	}
	interface CipherClass {
		create(options: CipherOptions): Cipher;
	}
	export const EDE: CipherClass;
	export const CBC: { instantiate(base: CipherClass): CipherClass };
}
