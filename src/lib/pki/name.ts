/**
 * X.501 Names (RFC 5280 section 4.1.2.4) built from an order's subject and read back for
 * comparison. The app and the server both build subjects here, so a CSR's subject and the issued
 * certificate's subject are the same bytes.
 */
import * as asn1js from 'asn1js';
import { Name } from './x509.ts';
import type { SubjectAttribute, SubjectAttributeType } from '../domain/subject-attributes.ts';
import { DerReader, toDer, type Asn1 } from './der.ts';
import { sequence, tlv } from './der-writer.ts';
import { PkiError } from './errors.ts';
import { mailboxKey } from './subject-alt-name.ts';

type StringType = 'printable' | 'ia5' | 'utf8';

interface AttributeSpec {
	oid: string;
	stringType: StringType;
	/** RFC 5280 appendix A.1 upper bounds (ub-*), in characters. */
	maxLength: number;
}

/**
 * RFC 5280 section 4.1.2.4 asks for UTF8String for DirectoryString attributes; C and
 * serialNumber are PrintableString by definition (X.520), emailAddress is IA5String (RFC 2985
 * section 5.2.1). organizationIdentifier is X.520's 2.5.4.97 (ETSI EN 319 412-1 section 5.1.4).
 */
const ATTRIBUTES: Record<SubjectAttributeType, AttributeSpec> = {
	C: { oid: '2.5.4.6', stringType: 'printable', maxLength: 2 },
	ST: { oid: '2.5.4.8', stringType: 'utf8', maxLength: 128 },
	L: { oid: '2.5.4.7', stringType: 'utf8', maxLength: 128 },
	O: { oid: '2.5.4.10', stringType: 'utf8', maxLength: 64 },
	OU: { oid: '2.5.4.11', stringType: 'utf8', maxLength: 64 },
	CN: { oid: '2.5.4.3', stringType: 'utf8', maxLength: 64 },
	serialNumber: { oid: '2.5.4.5', stringType: 'printable', maxLength: 64 },
	emailAddress: { oid: '1.2.840.113549.1.9.1', stringType: 'ia5', maxLength: 255 },
	organizationIdentifier: { oid: '2.5.4.97', stringType: 'utf8', maxLength: 64 }
};

const TYPE_BY_OID = new Map(
	Object.entries(ATTRIBUTES).map(([type, spec]) => [spec.oid, type as SubjectAttributeType])
);

const SET_TAG = 0x31;

/** X.680 section 41.4 Table 10. */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** X.680 universal tags of the three string types. */
const STRING_TAG: Record<StringType, number> = { printable: 0x13, ia5: 0x16, utf8: 0x0c };

const OID_DER = new Map(
	Object.values(ATTRIBUTES).map((spec) => [
		spec.oid,
		toDer(new asn1js.ObjectIdentifier({ value: spec.oid }))
	])
);

// A lone UTF-16 surrogate is no character: UTF-8 cannot hold it (with /u, a pair never matches).
const LONE_SURROGATE = /\p{Surrogate}/u;
const UTF8 = new TextEncoder();

function encodeValue(attribute: SubjectAttribute, spec: AttributeSpec): Uint8Array {
	const { type, value } = attribute;
	const length = [...value].length;
	if (length === 0 || length > spec.maxLength) {
		throw new PkiError('name_invalid', `${type} must be 1 to ${spec.maxLength} characters long`);
	}
	if (spec.stringType === 'printable' && !PRINTABLE.test(value)) {
		throw new PkiError('name_invalid', `${type} has characters PrintableString cannot hold`);
	}
	if (spec.stringType === 'ia5' && [...value].some((character) => character.charCodeAt(0) > 0x7f)) {
		throw new PkiError('name_invalid', `${type} has characters IA5String cannot hold`);
	}
	if (LONE_SURROGATE.test(value)) {
		throw new PkiError(
			'name_invalid',
			`${type} has a lone UTF-16 surrogate, which is no character`
		);
	}
	// PrintableString and IA5String values are ASCII by now, whose UTF-8 is the same octets.
	return tlv(STRING_TAG[spec.stringType], UTF8.encode(value));
}

/**
 * The DER Name: one attribute per RDN, in the order given (which is the order of the DN). Written
 * directly rather than through asn1js: the server builds one for every certificate it issues.
 */
export function buildNameDer(subject: readonly SubjectAttribute[]): Uint8Array<ArrayBuffer> {
	const rdns = subject.map((attribute) => {
		const spec = ATTRIBUTES[attribute.type];
		if (!spec) throw new PkiError('name_invalid', `unknown attribute type ${attribute.type}`);
		const oid = OID_DER.get(spec.oid) as Uint8Array;
		return tlv(SET_TAG, sequence(oid, encodeValue(attribute, spec)));
	});
	return sequence(...rdns);
}

export function buildName(subject: readonly SubjectAttribute[]): Name {
	return new Name(buildNameDer(subject));
}

/**
 * The attributes of a DER Name, in order. Names this product cannot have produced (multi-valued
 * RDNs, attribute types no order carries) are refused: they can never equal an order's subject.
 */
export function readName(name: Name | Uint8Array): SubjectAttribute[] {
	const bytes = name instanceof Name ? new Uint8Array(name.toArrayBuffer()) : name;
	return readNameElement(new DerReader('name_unsupported_attribute', 'Name').parse(bytes));
}

/** `readName` for a Name inside a structure that is already parsed, e.g. a request's subject. */
export function readNameElement(name: Asn1): SubjectAttribute[] {
	const der: DerReader = new DerReader('name_unsupported_attribute', 'Name');
	return der.sequence(name).map((rdn) => {
		const [atv] = der.set(rdn, 1, 1);
		const [typeNode, valueNode] = der.sequence(atv, 2, 2);
		const oid = der.oid(typeNode);
		const type = TYPE_BY_OID.get(oid);
		if (!type) der.fail(`attribute ${oid} is not one an order can carry`);
		if (!(valueNode instanceof asn1js.BaseStringBlock)) der.fail(`${type} is not a string`);
		return { type, value: valueNode.getValue() };
	});
}

/** The order's name for an attribute type, or undefined when no order carries it. */
export function subjectAttributeType(oid: string): SubjectAttributeType | undefined {
	return TYPE_BY_OID.get(oid);
}

/** Attribute by attribute, in order; an emailAddress compares as its subjectAltName does. */
export function equalSubjects(
	a: readonly SubjectAttribute[],
	b: readonly SubjectAttribute[]
): boolean {
	const value = ({ type, value }: SubjectAttribute) =>
		type === 'emailAddress' ? mailboxKey(value) : value;
	return (
		a.length === b.length &&
		a.every((x, i) => {
			const y = b[i];
			return y !== undefined && x.type === y.type && value(x) === value(y);
		})
	);
}
