/**
 * A small, strict DER reader (X.690 section 10) for inputs read on a hot path, a request on every
 * issuance: one pass over the bytes, offsets instead of objects. It knows only the types a
 * certification request is made of. What it cannot decide the way the general reader (asn1js,
 * der.ts) does, it reports as unsupported, so that the caller can hand the input to that reader
 * and every input keeps the outcome it has there.
 */

/** One element: `tag` is its single identifier octet; `children` is null for a primitive. */
export interface DerNode {
	tag: number;
	start: number;
	contentStart: number;
	end: number;
	children: DerNode[] | null;
}

/** The input breaks DER framing: no reader accepts it as a request. */
export class DerMalformed extends Error {
	override name = 'DerMalformed';
}

/** Possibly valid, but outside what this reader decides; the general reader must. */
export class DerUnsupported extends Error {
	override name = 'DerUnsupported';
}

/** A request nests about 8 deep and holds a few dozen elements. */
const MAX_DEPTH = 16;
const MAX_NODES = 2000;

export const TAG = {
	boolean: 0x01,
	integer: 0x02,
	bitString: 0x03,
	octetString: 0x04,
	null: 0x05,
	oid: 0x06,
	utf8String: 0x0c,
	printableString: 0x13,
	ia5String: 0x16,
	sequence: 0x30,
	set: 0x31
} as const;

const CONSTRUCTED = 0x20;
const CONTEXT_CLASS = 0x80;
const CLASS_MASK = 0xc0;
const MULTI_OCTET_TAG = 0x1f;
// BIT STRING, OCTET STRING and the character strings: BER may split them, DER never does.
const STRING_TAGS = new Set([3, 4, 12, 18, 19, 20, 21, 22, 25, 26, 27, 28, 30]);
const PRIMITIVE_TAGS = new Set<number>([
	TAG.boolean,
	TAG.integer,
	TAG.bitString,
	TAG.octetString,
	TAG.null,
	TAG.oid,
	TAG.utf8String,
	TAG.printableString,
	TAG.ia5String
]);

/** The whole input must be one element, nothing after it. */
export function readDer(bytes: Uint8Array): DerNode {
	const state = { bytes, nodes: 0 };
	const root = readElement(state, 0, bytes.length, 0);
	if (root.end !== bytes.length) throw new DerMalformed('trailing bytes after the encoded value');
	return root;
}

interface ReadState {
	bytes: Uint8Array;
	nodes: number;
}

function readElement(state: ReadState, start: number, limit: number, depth: number): DerNode {
	if (depth > MAX_DEPTH) throw new DerUnsupported('nested deeper than a request');
	if (++state.nodes > MAX_NODES) throw new DerUnsupported('more elements than a request');
	const { bytes } = state;
	if (start + 2 > limit) throw new DerMalformed('truncated element');
	const tag = bytes[start] as number;
	if ((tag & MULTI_OCTET_TAG) === MULTI_OCTET_TAG) throw new DerUnsupported('multi-octet tag');
	const [length, contentStart] = readLength(bytes, start + 1, limit);
	const end = contentStart + length;
	if (end > limit)
		throw new DerMalformed('an element runs past the input or its enclosing element');
	const constructed = (tag & CONSTRUCTED) !== 0;
	checkType(tag, constructed, bytes.subarray(contentStart, end));
	if (!constructed) return { tag, start, contentStart, end, children: null };
	const children: DerNode[] = [];
	for (let offset = contentStart; offset < end;) {
		const child = readElement(state, offset, end, depth + 1);
		children.push(child);
		offset = child.end;
	}
	return { tag, start, contentStart, end, children };
}

/** X.690 sections 8.1.3 and 10.1: definite, and in the fewest octets. */
function readLength(bytes: Uint8Array, at: number, limit: number): [number, number] {
	const first = bytes[at] as number;
	if (first < 0x80) return [first, at + 1];
	if (first === 0x80) throw new DerMalformed('indefinite length (BER, not DER)');
	const count = first & 0x7f;
	// Four octets already count past any input this reader is given.
	if (count > 4) throw new DerMalformed('length beyond the input');
	if (at + 1 + count > limit) throw new DerMalformed('truncated length');
	if (bytes[at + 1] === 0) throw new DerMalformed('a length not in its shortest form');
	let length = 0;
	for (let i = 1; i <= count; i++) length = length * 256 + (bytes[at + i] as number);
	if (length < 0x80) throw new DerMalformed('a length not in its shortest form');
	return [length, at + 1 + count];
}

/**
 * Only the types whose contents both readers judge alike: anything else (other universal types,
 * application or private tags, an empty INTEGER, an OID arc too long for a number) is unsupported.
 */
function checkType(tag: number, constructed: boolean, content: Uint8Array): void {
	const tagClass = tag & CLASS_MASK;
	if (tagClass === CONTEXT_CLASS) return;
	if (tagClass !== 0) throw new DerUnsupported('application or private tag');
	const universal = tag & ~CONSTRUCTED;
	if (constructed) {
		if (tag === TAG.sequence || tag === TAG.set) return;
		if (STRING_TAGS.has(universal)) throw new DerMalformed('a constructed string (BER, not DER)');
		throw new DerUnsupported(`constructed universal tag ${universal}`);
	}
	if (!PRIMITIVE_TAGS.has(tag)) throw new DerUnsupported(`universal tag ${universal}`);
	const first = content[0];
	const plain =
		(tag === TAG.boolean && content.length === 1) ||
		(tag === TAG.integer && content.length > 0) ||
		(tag === TAG.bitString && first !== undefined && first <= 7) ||
		(tag === TAG.oid && oidText(content) !== null) ||
		(tag !== TAG.boolean && tag !== TAG.integer && tag !== TAG.bitString && tag !== TAG.oid);
	if (!plain) throw new DerUnsupported(`universal tag ${universal} with unusual contents`);
}

/**
 * The dotted form of an OBJECT IDENTIFIER's contents, or null when it is empty, truncated, has
 * a needless leading 0x80, or an arc longer than four octets (X.690 section 8.19).
 */
export function oidText(content: Uint8Array): string | null {
	const arcs: number[] = [];
	let value = 0;
	let octets = 0;
	for (const byte of content) {
		if (octets === 0 && byte === 0x80) return null;
		if (++octets > 4) return null;
		value = value * 128 + (byte & 0x7f);
		if (byte & 0x80) continue;
		arcs.push(value);
		value = 0;
		octets = 0;
	}
	if (octets !== 0 || arcs.length === 0) return null;
	const [first = 0, ...rest] = arcs;
	const head = first < 40 ? `0.${first}` : first < 80 ? `1.${first - 40}` : `2.${first - 80}`;
	return [head, ...rest].join('.');
}

export function contentOf(bytes: Uint8Array, node: DerNode): Uint8Array {
	return bytes.subarray(node.contentStart, node.end);
}

export function encodingOf(bytes: Uint8Array, node: DerNode): Uint8Array {
	return bytes.subarray(node.start, node.end);
}
