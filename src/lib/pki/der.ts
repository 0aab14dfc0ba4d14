/**
 * A strict, bounded view over asn1js for the structures this library reads from untrusted input.
 * Every accessor checks the shape it expects and throws a PkiError with the caller's code, so a
 * truncated, bit-flipped or hostile blob ends as one typed error instead of a TypeError deep in
 * a parser.
 */
import * as asn1js from 'asn1js';
import { concatBytes } from './bytes.ts';
import { PkiError, type PkiErrorCode } from './errors.ts';

export type Asn1 = asn1js.AsnType;

const UNIVERSAL = 1;
const CONTEXT = 3;
// BIT STRING, OCTET STRING and the character strings: BER may split them, DER never does.
const STRING_TAGS = new Set([3, 4, 12, 18, 19, 20, 21, 22, 25, 26, 27, 28, 30]);

export class DerReader {
	constructor(
		private readonly code: PkiErrorCode,
		private readonly what: string
	) {}

	fail(reason: string): never {
		throw new PkiError(this.code, `${this.what}: ${reason}`);
	}

	/** The whole input must be one element: trailing bytes mean a truncated or spliced file. */
	parse(bytes: Uint8Array): Asn1 {
		let decoded: ReturnType<typeof asn1js.fromBER>;
		try {
			decoded = asn1js.fromBER(bytes, { parseEmbedded: false, maxDepth: 32 });
		} catch (error) {
			// asn1js throws (rather than reports) on some malformed values, e.g. times.
			this.fail(`not valid BER (${error instanceof Error ? error.message : 'decoding failed'})`);
		}
		const { offset, result } = decoded;
		if (offset === -1 || result.error)
			this.fail(`not valid BER (${result.error || 'decoding failed'})`);
		if (offset !== bytes.length) this.fail('trailing bytes after the encoded value');
		return result;
	}

	/**
	 * `parse`, and the input must be DER (X.690 section 10): definite lengths in their shortest
	 * form and primitive strings, so what is stored is the one encoding of what was signed.
	 */
	parseDer(bytes: Uint8Array): Asn1 {
		const root = this.parse(bytes);
		this.assertDer(root);
		return root;
	}

	private assertDer(node: Asn1): void {
		if (node.lenBlock.isIndefiniteForm) this.fail('indefinite length (BER, not DER)');
		if (node.lenBlock.warnings.length > 0)
			this.fail('a length not in its shortest form (BER, not DER)');
		// asn1js lets an element's last child run past the element's length and stretches the element.
		const { idBlock, lenBlock } = node;
		if (
			node.valueBeforeDecodeView.length !==
			idBlock.blockLength + lenBlock.blockLength + lenBlock.length
		)
			this.fail('an element runs past the length of the element that holds it');
		if (!node.idBlock.isConstructed) return;
		if (node.idBlock.tagClass === UNIVERSAL && STRING_TAGS.has(node.idBlock.tagNumber))
			this.fail('a constructed string (BER, not DER)');
		const value = (node.valueBlock as { value?: unknown }).value;
		if (Array.isArray(value)) for (const child of value as Asn1[]) this.assertDer(child);
	}

	children(node: Asn1 | undefined, min = 0, max = Infinity): Asn1[] {
		if (!node || !node.idBlock.isConstructed) this.fail('expected a constructed value');
		const value = (node.valueBlock as { value?: unknown }).value;
		if (!Array.isArray(value) || value.length < min || value.length > max) {
			this.fail(`expected ${min}..${max} elements`);
		}
		return value as Asn1[];
	}

	sequence(node: Asn1 | undefined, min = 0, max = Infinity): Asn1[] {
		this.expectTag(node, UNIVERSAL, 16);
		return this.children(node, min, max);
	}

	set(node: Asn1 | undefined, min = 0, max = Infinity): Asn1[] {
		this.expectTag(node, UNIVERSAL, 17);
		return this.children(node, min, max);
	}

	/** The single element inside an EXPLICIT [tag]. */
	explicit(node: Asn1 | undefined, tag: number): Asn1 {
		this.expectTag(node, CONTEXT, tag);
		return this.children(node, 1, 1)[0] as Asn1;
	}

	isContext(node: Asn1 | undefined, tag: number): boolean {
		return !!node && node.idBlock.tagClass === CONTEXT && node.idBlock.tagNumber === tag;
	}

	oid(node: Asn1 | undefined): string {
		if (!(node instanceof asn1js.ObjectIdentifier)) this.fail('expected an OBJECT IDENTIFIER');
		return node.getValue();
	}

	/** Handles the constructed (segmented) form BER allows, which Windows writes. */
	octets(node: Asn1 | undefined): Uint8Array {
		if (!(node instanceof asn1js.OctetString)) this.fail('expected an OCTET STRING');
		return new Uint8Array(node.getValue());
	}

	/** The octets of an [tag] IMPLICIT OCTET STRING, primitive or (BER) constructed. */
	implicitOctets(node: Asn1 | undefined, tag: number): Uint8Array {
		this.expectTag(node, CONTEXT, tag);
		if (!node.idBlock.isConstructed)
			return (node.valueBlock as { valueHexView: Uint8Array }).valueHexView;
		const parts = this.children(node).map((part) => this.octets(part));
		return concatBytes(...parts);
	}

	/** A non-negative INTEGER small enough for a count or a version. */
	smallInteger(node: Asn1 | undefined, max: number): number {
		if (!(node instanceof asn1js.Integer)) this.fail('expected an INTEGER');
		const value = node.toBigInt();
		if (value < 0n || value > BigInt(max)) this.fail(`INTEGER ${value} is outside 0..${max}`);
		return Number(value);
	}

	/** The big-endian magnitude of a non-negative INTEGER, possibly with a leading zero byte. */
	unsignedInteger(node: Asn1 | undefined): Uint8Array {
		if (!(node instanceof asn1js.Integer)) this.fail('expected an INTEGER');
		if (node.toBigInt() < 0n) this.fail('negative INTEGER');
		return node.valueBlock.valueHexView;
	}

	bitString(node: Asn1 | undefined): Uint8Array {
		if (!(node instanceof asn1js.BitString) || node.idBlock.isConstructed) {
			this.fail('expected a primitive BIT STRING');
		}
		if (node.valueBlock.unusedBits !== 0) this.fail('BIT STRING with unused bits');
		return node.valueBlock.valueHexView;
	}

	/** The encoding of an element exactly as it appeared in the input. */
	raw(node: Asn1 | undefined): Uint8Array {
		if (!node) this.fail('missing element');
		return node.valueBeforeDecodeView;
	}

	private expectTag(
		node: Asn1 | undefined,
		tagClass: number,
		tagNumber: number
	): asserts node is Asn1 {
		if (!node || node.idBlock.tagClass !== tagClass || node.idBlock.tagNumber !== tagNumber) {
			this.fail(`expected tag [${tagClass}:${tagNumber}]`);
		}
	}
}

/** DER of an AlgorithmIdentifier; `parameters` undefined omits them, null writes NULL. */
export function algorithmIdentifier(oid: string, parameters: Asn1 | null | undefined): Asn1 {
	const value: Asn1[] = [new asn1js.ObjectIdentifier({ value: oid })];
	if (parameters === null) value.push(new asn1js.Null());
	else if (parameters) value.push(parameters);
	return new asn1js.Sequence({ value });
}

export function toDer(node: Asn1): Uint8Array<ArrayBuffer> {
	return new Uint8Array(node.toBER());
}
