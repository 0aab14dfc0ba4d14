/**
 * The server's request reader: a PKCS#10 CertificationRequest (RFC 2986 section 4) read in one
 * strict pass over its DER, without the general ASN.1 object model, whose parse was the largest
 * share of the CPU an issuance costs. It yields the same parts, and refuses with the same codes,
 * as the general reader (csr.ts, readCsrParts); a request it cannot decide alike (a rare string
 * type, a BER subjectAltName value) goes to the general reader whole.
 */
import type { SubjectAltName } from '../domain/subject-alt-names.ts';
import type { SubjectAttribute } from '../domain/subject-attributes.ts';
import { concatBytes, latin1 } from './bytes.ts';
import { readCsrParts, type CsrParts } from './csr.ts';
import {
	contentOf,
	DerMalformed,
	DerUnsupported,
	encodingOf,
	oidText,
	readDer,
	TAG,
	type DerNode
} from './der-tree.ts';
import { PkiError, type PkiErrorCode } from './errors.ts';
import { describeSpki } from './keys.ts';
import { subjectAttributeType } from './name.ts';
import { OID } from './oids.ts';
import { signatureAlgorithmOf, type PublicKeyParts } from './self-signature.ts';

/** Strict, as asn1js decodes a UTF8String it keeps as text. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const CONSTRUCTED = 0x20;
const GENERAL_NAME_TYPES: Record<number, SubjectAltName['type']> = { 0x81: 'email', 0x82: 'dns' };

/** A `CsrReader` for parseCsr; what the strict pass cannot decide goes to readCsrParts. */
export function readCsrDer(der: Uint8Array): CsrParts {
	try {
		return readParts(der);
	} catch (error) {
		if (error instanceof DerUnsupported) return readCsrParts(der);
		throw error;
	}
}

/** The accessors of DerReader over `DerNode`s: a wrong shape throws a PkiError with `code`. */
class Nodes {
	constructor(
		readonly bytes: Uint8Array,
		private readonly code: PkiErrorCode,
		private readonly what: string
	) {}

	fail(reason: string): never {
		throw new PkiError(this.code, `${this.what}: ${reason}`);
	}

	tagged(node: DerNode | undefined, tag: number, min = 0, max = Infinity): DerNode[] {
		if (!node || node.tag !== tag) this.fail(`expected tag 0x${tag.toString(16)}`);
		const { children } = node;
		if (!children || children.length < min || children.length > max)
			this.fail(`expected ${min}..${max} elements`);
		return children;
	}

	oid(node: DerNode | undefined): string {
		if (!node || node.tag !== TAG.oid) this.fail('expected an OBJECT IDENTIFIER');
		// readDer let only OIDs it can write as text through.
		return oidText(contentOf(this.bytes, node)) as string;
	}

	primitive(node: DerNode | undefined, tag: number, what: string): Uint8Array {
		if (!node || node.tag !== tag) this.fail(`expected ${what}`);
		return contentOf(this.bytes, node);
	}

	/** The octets of a BIT STRING without unused bits. */
	bitString(node: DerNode | undefined): Uint8Array {
		const content = this.primitive(node, TAG.bitString, 'a primitive BIT STRING');
		if (content[0] !== 0) this.fail('BIT STRING with unused bits');
		return content.subarray(1);
	}
}

/** A tree's nodes with the bytes their offsets point into. */
function csrTree(bytes: Uint8Array): { der: Nodes; root: DerNode } {
	const der: Nodes = new Nodes(bytes, 'csr_malformed', 'certificate request');
	try {
		return { der, root: readDer(bytes) };
	} catch (error) {
		if (error instanceof DerMalformed) der.fail(error.message);
		throw error;
	}
}

function readParts(bytes: Uint8Array): CsrParts {
	const { der, root } = csrTree(bytes);
	// CertificationRequest ::= SEQUENCE { certificationRequestInfo, signatureAlgorithm, signature }
	const [info, algorithmNode, signatureNode] = der.tagged(root, TAG.sequence, 3, 3);
	// CertificationRequestInfo ::= SEQUENCE { version (0), subject, subjectPKInfo, [0] attributes }
	const [version, subjectNode, spkiNode, attributes] = der.tagged(info, TAG.sequence, 3, 4);
	// A non-negative INTEGER whose value is 0, in however many octets.
	const versionBytes = der.primitive(version, TAG.integer, 'an INTEGER');
	if (versionBytes.some((byte) => byte !== 0)) der.fail('version is not 0');
	const [algorithmOid, parameters] = der.tagged(algorithmNode, TAG.sequence, 1, 2);
	const algorithm = signatureAlgorithmOf(
		der.oid(algorithmOid),
		parameters && encodingOf(bytes, parameters)
	);
	const signature = der.bitString(signatureNode);
	const generalNames = subjectAltNameValues(der, attributes).map(generalNamesTree);
	const subject = deferred(() => readSubject(der, subjectNode as DerNode));
	const spki = encodingOf(bytes, spkiNode as DerNode);
	return {
		signed: encodingOf(bytes, info as DerNode),
		algorithm,
		signature,
		spki,
		publicKey: () => publicKeyParts(der, spkiNode as DerNode),
		subject,
		subjectAltNames: () => requestedNames(generalNames),
		key: () => describeSpki(spki)
	};
}

/**
 * The values of the subjectAltName extensions the PKCS#9 extensionRequest attributes hold
 * (RFC 2985 section 5.4.2): Attribute ::= SEQUENCE { type, values SET OF Extensions },
 * Extension ::= SEQUENCE { extnID, critical DEFAULT FALSE, extnValue OCTET STRING }.
 */
function subjectAltNameValues(der: Nodes, attributes: DerNode | undefined): Uint8Array[] {
	if (!attributes) return [];
	const values: Uint8Array[] = [];
	for (const attribute of der.tagged(attributes, 0xa0)) {
		const [type, set] = der.tagged(attribute, TAG.sequence, 2, 2);
		if (der.oid(type) !== OID.extensionRequest) continue;
		for (const list of der.tagged(set, TAG.set, 1, 1))
			for (const extension of der.tagged(list, TAG.sequence)) {
				const parts = der.tagged(extension, TAG.sequence, 2, 3);
				const oid = der.oid(parts[0]);
				const value = der.primitive(parts.at(-1), TAG.octetString, 'an OCTET STRING');
				if (oid === OID.subjectAltName) values.push(value);
			}
	}
	return values;
}

/** The general reader reads an extension's value as BER: what is not DER is for it to judge. */
function generalNamesTree(value: Uint8Array): { der: Nodes; root: DerNode } {
	try {
		return { der: new Nodes(value, 'csr_malformed', 'certificate request'), root: readDer(value) };
	} catch (error) {
		if (error instanceof DerMalformed) throw new DerUnsupported(error.message);
		throw error;
	}
}

/** GeneralNames: only rfc822Name [1] and dNSName [2] (IA5String), else null (RFC 5280 4.2.1.6). */
function requestedNames(trees: { der: Nodes; root: DerNode }[]): SubjectAltName[] | null {
	const names: SubjectAltName[] = [];
	for (const { der, root } of trees) {
		for (const name of der.tagged(root, TAG.sequence, 1)) {
			const type = GENERAL_NAME_TYPES[name.tag & ~CONSTRUCTED];
			if (!type) return null;
			const octets = name.children
				? concatBytes(
						...name.children.map((part) => der.primitive(part, TAG.octetString, 'an OCTET STRING'))
					)
				: contentOf(der.bytes, name);
			names.push({ type, value: latin1(octets) });
		}
	}
	return names;
}

/** Name ::= SEQUENCE OF SET OF AttributeTypeAndValue, one attribute per RDN as orders have. */
function readSubject(csr: Nodes, name: DerNode): SubjectAttribute[] {
	const der: Nodes = new Nodes(csr.bytes, 'name_unsupported_attribute', 'Name');
	return der.tagged(name, TAG.sequence).map((rdn) => {
		const [atv] = der.tagged(rdn, TAG.set, 1, 1);
		const [typeNode, valueNode] = der.tagged(atv, TAG.sequence, 2, 2);
		const oid = der.oid(typeNode);
		const type = subjectAttributeType(oid);
		if (!type) der.fail(`attribute ${oid} is not one an order can carry`);
		return { type, value: stringValue(der, valueNode as DerNode, type) };
	});
}

function stringValue(der: Nodes, node: DerNode, type: string): string {
	const content = contentOf(der.bytes, node);
	if (node.tag === TAG.printableString || node.tag === TAG.ia5String) return latin1(content);
	if (node.tag !== TAG.utf8String) der.fail(`${type} is not a string`);
	try {
		return UTF8.decode(content);
	} catch {
		// asn1js keeps invalid UTF-8 as its octets: the general reader's to decide.
		throw new DerUnsupported('a UTF8String that is not UTF-8');
	}
}

/** Throws when the element is no SubjectPublicKeyInfo (RFC 5280 section 4.1.2.7). */
function publicKeyParts(der: Nodes, spki: DerNode): PublicKeyParts {
	const [keyAlgorithm, keyBits] = der.tagged(spki, TAG.sequence, 2, 2);
	const [keyOid, parameters] = der.tagged(keyAlgorithm, TAG.sequence, 1, 2);
	const point = der.bitString(keyBits);
	const algorithm = der.oid(keyOid);
	const curve = parameters?.tag === TAG.oid ? der.oid(parameters) : null;
	return { spki: encodingOf(der.bytes, spki), algorithm, curve, point };
}

/**
 * Runs `read` now, so that what only the general reader can decide is found before any check,
 * and hands its result or its refusal over when the check that reports it runs.
 */
function deferred<T>(read: () => T): () => T {
	try {
		const value = read();
		return () => value;
	} catch (error) {
		if (error instanceof DerUnsupported) throw error;
		return () => {
			throw error;
		};
	}
}
