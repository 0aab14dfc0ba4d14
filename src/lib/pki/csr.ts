/**
 * PKCS#10 certification requests (RFC 2986): made from an order with the applicant's key, and
 * parsed and checked when a server (or an applicant with their own HSM) hands one in.
 */
import { KEY_ALGORITHMS, type KeyAlgorithmName } from '../domain/key-algorithms.ts';
import type { SubjectAltName } from '../domain/subject-alt-names.ts';
import type { SubjectAttribute } from '../domain/subject-attributes.ts';
import { latin1 } from './bytes.ts';
import { assertMaxSize, PkiError } from './errors.ts';
import { DerReader, type Asn1 } from './der.ts';
import {
	assertKeyAllowed,
	describePublicKey,
	keyAlgorithmOf,
	signingAlgorithm,
	type PublicKeyFacts
} from './keys.ts';
import { buildName, equalSubjects, readNameElement } from './name.ts';
import { OID } from './oids.ts';
import { decodePem, encodePem, isPem } from './pem.ts';
import {
	publicKeyParts,
	signatureAlgorithm,
	verifiableKey,
	verifySelfSignature,
	type PublicKeyParts,
	type SignatureAlgorithm,
	type SignatureCheck,
	type VerifiableAlgorithm
} from './self-signature.ts';
import {
	buildSubjectAltNameExtension,
	equalSubjectAltNames,
	readGeneralNames
} from './subject-alt-name.ts';
import {
	ExtendedKeyUsageExtension,
	KeyUsageFlags,
	KeyUsagesExtension,
	Pkcs10CertificateRequestGenerator,
	type Extension
} from './x509.ts';

/** A request is a few kilobytes even with a 4096-bit key and many names. */
export const MAX_CSR_BYTES = 64 * 1024;

/** RFC 5280 section 4.2.1.3 bit names. */
export type KeyUsageName =
	'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'dataEncipherment' | 'keyAgreement';

export interface CreateCsrParams {
	keys: CryptoKeyPair;
	subject: readonly SubjectAttribute[];
	subjectAltNames: readonly SubjectAltName[];
	keyUsage?: readonly KeyUsageName[];
	/** Dotted OIDs, e.g. 1.3.6.1.5.5.7.3.4 (emailProtection). */
	extendedKeyUsage?: readonly string[];
}

export interface ParsedCsr {
	der: Uint8Array;
	subject: SubjectAttribute[];
	subjectAltNames: SubjectAltName[];
	keyAlgorithm: KeyAlgorithmName | null;
	/** What the key is, also when no policy knows it ("RSA-1024", "EC P-521"). */
	keyDescription: string;
	publicKeySpki: Uint8Array;
}

export interface CsrOrder {
	subject: readonly SubjectAttribute[];
	subjectAltNames: readonly SubjectAltName[];
	allowedKeys: readonly KeyAlgorithmName[];
}

function requestedExtensions(params: CreateCsrParams): Extension[] {
	const extensions: Extension[] = [];
	if (params.subjectAltNames.length > 0) {
		extensions.push(buildSubjectAltNameExtension(params.subjectAltNames));
	}
	if (params.keyUsage?.length) {
		const flags = params.keyUsage.reduce((bits, usage) => bits | KeyUsageFlags[usage], 0);
		// Section 4.2.1.3: conforming CAs SHOULD mark keyUsage critical.
		extensions.push(new KeyUsagesExtension(flags, true));
	}
	if (params.extendedKeyUsage?.length) {
		extensions.push(new ExtendedKeyUsageExtension([...params.extendedKeyUsage], false));
	}
	return extensions;
}

/** The request in PEM, with the order's extensions in a PKCS#9 extensionRequest attribute. */
export async function createCsr(params: CreateCsrParams): Promise<string> {
	const algorithm = keyAlgorithmOf(params.keys.publicKey);
	assertKeyAllowed(algorithm);
	const request = await Pkcs10CertificateRequestGenerator.create({
		keys: params.keys,
		name: buildName(params.subject),
		extensions: requestedExtensions(params),
		signingAlgorithm: signingAlgorithm(algorithm)
	});
	return encodePem('CERTIFICATE REQUEST', new Uint8Array(request.rawData));
}

function csrDer(input: string | Uint8Array): Uint8Array {
	// DER starts with a SEQUENCE tag; PEM text never starts with 0x30 ('0').
	if (input instanceof Uint8Array && input[0] === 0x30) return input;
	const text = typeof input === 'string' ? input : latin1(input);
	if (!isPem(text)) throw new PkiError('csr_malformed', 'neither a PEM nor a DER request');
	const blocks = decodePem(text, 'csr_malformed');
	const [block] = blocks;
	// "NEW CERTIFICATE REQUEST" is what Windows certreq and old Netscape tools write.
	if (
		blocks.length !== 1 ||
		!block ||
		(block.label !== 'CERTIFICATE REQUEST' && block.label !== 'NEW CERTIFICATE REQUEST')
	) {
		throw new PkiError('csr_malformed', 'expected exactly one CERTIFICATE REQUEST PEM block');
	}
	return block.der;
}

// Collisions for these are practical: a signature with them proves little about who made the request.
const WEAK_HASHES = new Set(['SHA-1', 'MD5', 'MD2']);

/**
 * What the checks read from a request, whichever reader read it. The parts whose refusal has its
 * own code are functions, called in the order the checks run.
 */
export interface CsrParts {
	/** The CertificationRequestInfo as encoded: what the signature covers. */
	signed: Uint8Array;
	algorithm: SignatureAlgorithm;
	signature: Uint8Array;
	/** The SubjectPublicKeyInfo as encoded. */
	spki: Uint8Array;
	/** Throws when the key cannot be read: a signature by no key. */
	publicKey: () => PublicKeyParts;
	/** Throws when the subject has a shape or attribute no order has. */
	subject: () => SubjectAttribute[];
	/** Null when a name is neither e-mail nor DNS; throws a PkiError when the extension is malformed. */
	subjectAltNames: () => SubjectAltName[] | null;
	key: () => PublicKeyFacts;
}

/** Reads a DER request's parts; throws PkiError('csr_malformed') for what is not a request. */
export type CsrReader = (der: Uint8Array) => CsrParts;

export interface CsrChecks {
	/** Replaces WebCrypto for the signature arithmetic only (the server's: node:crypto). */
	check?: SignatureCheck;
	/** Replaces the general ASN.1 reader (the server's reads DER in one pass, see csr-der.ts). */
	read?: CsrReader;
	/**
	 * The order's keys: any other is refused by name before the signature is checked. Without
	 * them, only a key whose signature cannot be checked here (Ed25519) is refused, with the keys
	 * any order may allow as the ones accepted; checkCsrAgainstOrder names the others (RSA-1024).
	 */
	allowedKeys?: readonly KeyAlgorithmName[];
}

/**
 * Parses a PEM or DER request and checks its self-signature, the proof of possession of the key
 * (RFC 2986 section 3). The request must be DER, nothing after it: what is stored is exactly what
 * was signed, in its one encoding. The key is identified first, so that a key that is refused,
 * or whose signature cannot be checked here, is named rather than called one that did not sign.
 * A subject or SAN that no order can hold is reported as a mismatch here already, since it can
 * never match. The DER is parsed once, and every check reads that one parse: a server checks a
 * request on every issuance.
 */
export async function parseCsr(
	input: string | Uint8Array,
	{ check, read = readCsrParts, allowedKeys }: CsrChecks = {}
): Promise<ParsedCsr> {
	assertMaxSize(input, MAX_CSR_BYTES, 'certificate request');
	const der = csrDer(input).slice();
	const parts = read(der);
	const key = parts.key();
	const accepted = allowedKeys
		? key.name !== null && allowedKeys.includes(key.name)
		: key.name !== null || verifiableKey(parts.publicKey);
	if (!accepted) throw keyNotAllowed(key.description, allowedKeys ?? KEY_ALGORITHMS);
	const { algorithm } = parts;
	assertSignatureAccepted(algorithm);
	const signatureChecker = new DerReader('csr_malformed', 'certificate request');
	const verified = await verifySelfSignature(
		signatureChecker,
		parts.publicKey,
		algorithm,
		parts.signature,
		parts.signed,
		check
	);
	if (!verified)
		throw new PkiError('csr_signature_invalid', 'the request is not signed by its key');
	let subject: SubjectAttribute[];
	try {
		subject = parts.subject();
	} catch (error) {
		throw new PkiError('csr_subject_mismatch', 'the request subject has unsupported attributes', {
			cause: error
		});
	}
	const subjectAltNames = parts.subjectAltNames();
	if (!subjectAltNames) {
		throw new PkiError('csr_san_mismatch', 'the request asks for names other than e-mail or DNS');
	}
	return {
		der,
		subject,
		subjectAltNames,
		keyAlgorithm: key.name,
		keyDescription: key.description,
		publicKeySpki: parts.spki.slice()
	};
}

/**
 * Refuses a signature algorithm named by a weak hash, or one WebCrypto cannot check (RSASSA-PSS
 * with MGF1 over another hash than the message's, RFC 4055 section 3.1). Both have one remedy,
 * the request made again with SHA-256, so they share the code and the advice.
 */
function assertSignatureAccepted(
	algorithm: SignatureAlgorithm
): asserts algorithm is VerifiableAlgorithm {
	const { hash } = algorithm;
	const refused = WEAK_HASHES.has(hash) ? hash : algorithm.family === 'other' ? algorithm.name : '';
	if (!refused) return;
	throw new PkiError(
		'csr_signature_weak',
		`the request is signed with ${refused}, which is not accepted: make it again signed with SHA-256 (openssl req -sha256; keytool -certreq -sigalg SHA256withRSA or SHA256withECDSA)`,
		{ params: { hash: refused } }
	);
}

/** The general reader: asn1js, through DerReader's strict accessors. */
export function readCsrParts(der: Uint8Array): CsrParts {
	const reader = new DerReader('csr_malformed', 'certificate request');
	// CertificationRequest ::= SEQUENCE { certificationRequestInfo, signatureAlgorithm, signature }
	const [info, algorithmNode, signatureNode] = reader.sequence(reader.parseDer(der), 3, 3);
	// CertificationRequestInfo ::= SEQUENCE { version (0), subject, subjectPKInfo, [0] attributes }
	const [version, subjectNode, spkiNode, attributes] = reader.sequence(info, 3, 4);
	reader.smallInteger(version, 0);
	const algorithm = signatureAlgorithm(reader, algorithmNode as Asn1);
	const signature = reader.bitString(signatureNode);
	const extensions = extensionsAskedFor(reader, attributes);
	const spki = spkiNode as Asn1;
	return {
		signed: reader.raw(info),
		algorithm,
		signature,
		spki: reader.raw(spki),
		publicKey: () => publicKeyParts(reader, spki),
		subject: () => readNameElement(subjectNode as Asn1),
		subjectAltNames: () => requestedSubjectAltNames(reader, extensions),
		key: () => describePublicKey(spki)
	};
}

/**
 * The extensions of the PKCS#9 extensionRequest attributes (RFC 2985 section 5.4.2), as
 * [OID, value] pairs: Attribute ::= SEQUENCE { type, values SET OF Extensions }, Extension ::=
 * SEQUENCE { extnID, critical DEFAULT FALSE, extnValue OCTET STRING }.
 */
function extensionsAskedFor(der: DerReader, attributes: Asn1 | undefined): [string, Uint8Array][] {
	if (!attributes) return [];
	if (!der.isContext(attributes, 0)) der.fail('expected the [0] attributes');
	const extensions: [string, Uint8Array][] = [];
	for (const attribute of der.children(attributes)) {
		const [type, values] = der.sequence(attribute, 2, 2);
		if (der.oid(type) !== OID.extensionRequest) continue;
		for (const list of der.set(values, 1, 1))
			for (const extension of der.sequence(list)) {
				const parts = der.sequence(extension, 2, 3);
				extensions.push([der.oid(parts[0]), der.octets(parts.at(-1))]);
			}
	}
	return extensions;
}

/** All the names the request's subjectAltName extensions ask for; null when one is not e-mail or DNS. */
function requestedSubjectAltNames(
	der: DerReader,
	extensions: [string, Uint8Array][]
): SubjectAltName[] | null {
	const names: SubjectAltName[] = [];
	for (const [oid, value] of extensions) {
		if (oid !== OID.subjectAltName) continue;
		const read = readGeneralNames(der, value);
		if (!read) return null;
		names.push(...read);
	}
	return names;
}

/** What the server must check before issuing from a request it did not make itself. */
export function checkCsrAgainstOrder(csr: ParsedCsr, order: CsrOrder): void {
	if (!csr.keyAlgorithm || !order.allowedKeys.includes(csr.keyAlgorithm))
		throw keyNotAllowed(csr.keyDescription, order.allowedKeys);
	if (!equalSubjects(csr.subject, order.subject)) {
		throw new PkiError('csr_subject_mismatch', 'the request subject differs from the order');
	}
	if (csr.subjectAltNames.length === 0 && order.subjectAltNames.length > 0) {
		const { openssl, keytool } = subjectAltNameOptions(order.subjectAltNames);
		throw new PkiError(
			'csr_san_missing',
			`the request has no subjectAltName, and the certificate must name ${order.subjectAltNames.map((name) => name.value).join(', ')} there: make it again with ${openssl} (OpenSSL) or ${keytool} (Java keytool)`,
			{ params: { openssl, keytool } }
		);
	}
	if (!equalSubjectAltNames(csr.subjectAltNames, order.subjectAltNames)) {
		throw new PkiError('csr_san_mismatch', 'the request names differ from the order');
	}
}

/** The refusal that names the key sent ("RSA-1024", "Ed25519") and the keys the order accepts. */
function keyNotAllowed(key: string, allowedKeys: readonly KeyAlgorithmName[]): PkiError {
	const allowed = allowedKeys.join(', ');
	return new PkiError(
		'csr_key_not_allowed',
		`the request's key is ${key}; this order accepts ${allowed}`,
		{ params: { key, allowed } }
	);
}

/**
 * The command-line options that put the order's names into a request: `openssl req` and
 * `keytool -certreq` leave the subjectAltName out unless told.
 */
function subjectAltNameOptions(names: readonly SubjectAltName[]): {
	openssl: string;
	keytool: string;
} {
	const list = (dns: string) =>
		names.map(({ type, value }) => `${type === 'dns' ? dns : 'email'}:${value}`).join(',');
	return {
		openssl: `-addext "subjectAltName=${list('DNS')}"`,
		keytool: `-ext san=${list('dns')}`
	};
}
