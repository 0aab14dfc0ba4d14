import type { OrderSummary } from '../api/types.ts';
import type { KeyAlgorithmName } from '../domain/key-algorithms.ts';
import type { Pkcs12Profile } from '../domain/pkcs12-profiles.ts';
import type { KeyChoice } from '../store/schema.ts';
import type { Platform } from './platform.ts';

/** Where the applicant will open the .p12: the answer that decides key, file profile and password advice. */
export type UseTarget =
	| 'windows'
	| 'windows-older'
	| 'macos'
	| 'ios'
	| 'android'
	| 'linux'
	| 'firefox'
	| 'java'
	| 'signing'
	| 'other';

export interface UseTargetAdvice {
	profile: Pkcs12Profile;
	/** An RSA key, because some readers of this target cannot use an elliptic-curve one. */
	rsaKey: boolean;
	/** The longest certificate password this target's importers accept, in characters. */
	maxPasswordLength: number | null;
	/** Only printable ASCII (U+0020 to U+007E) in the certificate password. */
	asciiPasswordOnly: boolean;
}

/**
 * What each target's readers need. Where no source is named, the limit comes from opening our
 * files, and OpenSSL's made with the same settings, in 25 consumers: every failure there happened
 * with OpenSSL's file too, so these are the readers' limits, not our files' faults.
 */
export const USE_TARGETS = {
	// AES-256/SHA-256 PKCS#12 import arrived with Windows 10 1709 and Server 2019: Microsoft's
	// Export-PfxCertificate documents -CryptoAlgorithmOption AES256_SHA256 from those versions on.
	windows: { profile: 'modern', rsaKey: false, maxPasswordLength: null, asciiPasswordOnly: false },
	// Windows 7, 8.1, Server 2016 and Windows 10 before 1709 import only 3DES/SHA-1 files; the old
	// .NET (and Mono) PKCS#12 reader fails on an elliptic-curve key in such a file.
	'windows-older': {
		profile: 'legacy',
		rsaKey: true,
		maxPasswordLength: null,
		asciiPasswordOnly: false
	},
	// macOS 13 and 14 say "wrong password" for AES/SHA-256 files (OpenSSL 3 defaults), e.g.
	// https://mseeeen.msen.jp/p12-format-certificate-issued-by-openssl3-fails-to-import-to-macos/
	macos: { profile: 'legacy', rsaKey: true, maxPasswordLength: null, asciiPasswordOnly: false },
	// iOS 17 reports the same "wrong password" for AES/SHA-256 files as macOS.
	ios: { profile: 'legacy', rsaKey: true, maxPasswordLength: null, asciiPasswordOnly: false },
	// Android 12 and 13 report "wrong password" for AES/SHA-256 files in Settings > Install certificate.
	android: { profile: 'legacy', rsaKey: true, maxPasswordLength: null, asciiPasswordOnly: false },
	// GNOME's importer (gcr, Seahorse) and gpgsm/Kleopatra refuse passwords of 32 characters or
	// more, and fail on an elliptic-curve key in a 3DES file (gpgsm crashes).
	linux: { profile: 'modern', rsaKey: false, maxPasswordLength: 31, asciiPasswordOnly: false },
	// NSS reads PBES2/AES PKCS#12 and Unicode passwords (tests/interop/nss.test.ts).
	firefox: { profile: 'modern', rsaKey: false, maxPasswordLength: null, asciiPasswordOnly: false },
	// Java's PBE keys refuse non-ASCII passwords (tests/interop/keytool.test.ts). Java 8 and 11 read
	// AES/SHA-256 files from their 2021 updates on (8u301, 11.0.12), e.g.
	// https://github.com/kaikramer/keystore-explorer/issues/302
	java: { profile: 'modern', rsaKey: false, maxPasswordLength: null, asciiPasswordOnly: true },
	// Signing tools: jarsigner is Java (ASCII passwords); signtool, osslsigncode and many document
	// signers and their verifiers expect RSA keys.
	signing: { profile: 'modern', rsaKey: true, maxPasswordLength: null, asciiPasswordOnly: true },
	// Unknown readers: wolfSSL, Mono and node-forge also refuse non-ASCII passwords, and the
	// 31-character limit of gcr and gpgsm is the shortest one met.
	other: { profile: 'modern', rsaKey: true, maxPasswordLength: 31, asciiPasswordOnly: true }
} as const satisfies Readonly<Record<UseTarget, UseTargetAdvice>>;

/** The targets whose importers limit the certificate password, each shown as a rule of its own. */
export type PasswordLimitedTarget = {
	[T in UseTarget]: (typeof USE_TARGETS)[T] extends {
		maxPasswordLength: null;
		asciiPasswordOnly: false;
	}
		? never
		: T;
}[UseTarget];

export function limitsPassword(target: UseTarget): target is PasswordLimitedTarget {
	const advice: UseTargetAdvice = USE_TARGETS[target];
	return advice.maxPasswordLength !== null || advice.asciiPasswordOnly;
}

export const USE_TARGET_IDS = Object.keys(USE_TARGETS) as UseTarget[];

/**
 * The answer preselected from the user agent. Firefox keeps its own store, so it wins over the
 * system, except on a Windows that needs the legacy file, which Firefox reads too.
 */
export function defaultUseTarget(platform: Platform): UseTarget {
	if (platform.needsLegacyPkcs12) return 'windows-older';
	if (platform.browser === 'firefox') return 'firefox';
	switch (platform.os) {
		case 'windows':
		case 'macos':
		case 'ios':
		case 'android':
		case 'linux':
			return platform.os;
		default:
			return 'other';
	}
}

/**
 * The key and file profile recommended for a target. A legacy (3DES) file gets an RSA key, the
 * smallest the order allows: older Windows/.NET and Linux desktop tools cannot read an
 * elliptic-curve key in one.
 */
export function recommendedKeyChoice(target: UseTarget, order: OrderSummary): KeyChoice {
	const { profile, rsaKey } = USE_TARGETS[target];
	return { algorithm: recommendedAlgorithm(order, profile, rsaKey), profile };
}

/** The algorithm to recommend for a profile, also one the applicant picked by hand. */
export function recommendedAlgorithm(
	order: OrderSummary,
	profile: Pkcs12Profile,
	rsaKey: boolean
): KeyAlgorithmName {
	const rsa = rsaKey || profile === 'legacy' ? smallestRsa(order) : undefined;
	return rsa ?? order.keyPolicy.recommended;
}

export function isEllipticCurve(algorithm: KeyAlgorithmName): boolean {
	return !algorithm.startsWith('RSA-');
}

function smallestRsa(order: OrderSummary): KeyAlgorithmName | undefined {
	const rsa = order.keyPolicy.allowed.filter((algorithm) => !isEllipticCurve(algorithm));
	return rsa.sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)))[0];
}
