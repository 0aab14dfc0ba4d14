/**
 * The server checks a request's signature with node:crypto rather than WebCrypto: it must accept
 * every key the products allow and refuse every signature that is not the key's, exactly DER.
 */
import * as asn1js from 'asn1js';
import { constants, KeyObject, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KeyAlgorithmName } from '../../src/lib/domain/key-algorithms.ts';
import { createCsr } from '../../src/lib/pki/csr.ts';
import { bitString, explicit, sequence, tlv } from '../../src/lib/pki/der-writer.ts';
import { generateKeyPair } from '../../src/lib/pki/keys.ts';
import { decodePem } from '../../src/lib/pki/pem.ts';
import { checkRequest } from '../../server/csr.ts';
import { Refusal } from '../../server/problems.ts';

const SUBJECT = [
	{ type: 'C' as const, value: 'BE' },
	{ type: 'CN' as const, value: 'Jan Peeters' }
];
const NAMES = [{ type: 'email' as const, value: 'jan@example.be' }];
const ORDER = { subject: SUBJECT, subjectAltNames: NAMES, allowedKeys: ['P-256' as const] };

async function requestDer(algorithm: KeyAlgorithmName): Promise<Uint8Array> {
	const pem = await createCsr({
		keys: await generateKeyPair(algorithm),
		subject: SUBJECT,
		subjectAltNames: NAMES
	});
	return decodePem(pem, 'csr_malformed')[0]!.der;
}

/** The request's three parts: CertificationRequestInfo, AlgorithmIdentifier, signature octets. */
function partsOf(der: Uint8Array): [Uint8Array, Uint8Array, Uint8Array] {
	const [info, algorithm, signature] = (asn1js.fromBER(der).result as asn1js.Sequence).valueBlock
		.value as [asn1js.Sequence, asn1js.Sequence, asn1js.BitString];
	return [
		new Uint8Array(info.valueBeforeDecodeView),
		new Uint8Array(algorithm.valueBeforeDecodeView),
		new Uint8Array(signature.valueBlock.valueHexView)
	];
}

function withSignature(der: Uint8Array, signature: Uint8Array): Uint8Array {
	const [info, algorithm] = partsOf(der);
	return sequence(info, algorithm, bitString(signature));
}

async function outcome(der: Uint8Array, allowedKeys: KeyAlgorithmName[]): Promise<string> {
	try {
		await checkRequest(der, { ...ORDER, allowedKeys });
		return 'accepted';
	} catch (error) {
		if (error instanceof Refusal) return error.code;
		throw error;
	}
}

describe('checkRequest: the signature', () => {
	it.each<KeyAlgorithmName>(['P-256', 'P-384', 'RSA-2048'])(
		'accepts a %s request signed by its key',
		async (algorithm) => {
			expect(await outcome(await requestDer(algorithm), [algorithm])).toBe('accepted');
		}
	);

	it('accepts an RSASSA-PSS signature, and refuses it under another salt length', async () => {
		const keys = await generateKeyPair('RSA-2048');
		const [info] = partsOf(
			decodePem(
				await createCsr({ keys, subject: SUBJECT, subjectAltNames: NAMES }),
				'csr_malformed'
			)[0]!.der
		);
		const signature = sign('sha384', info, {
			key: KeyObject.from(keys.privateKey),
			padding: constants.RSA_PKCS1_PSS_PADDING,
			saltLength: 48
		});
		// RSASSA-PSS-params (RFC 4055 section 3.1): [0] sha384, [1] MGF1 with sha384, [2] salt.
		const sha384 = sequence(
			tlv(0x06, new Uint8Array([0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02]))
		);
		const mgf1 = tlv(0x06, new Uint8Array([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08]));
		const rsassaPss = tlv(
			0x06,
			new Uint8Array([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a])
		);
		const request = (salt: number) =>
			sequence(
				info,
				sequence(
					rsassaPss,
					sequence(
						explicit(0, sha384),
						explicit(1, sequence(mgf1, sha384)),
						explicit(2, tlv(0x02, new Uint8Array([salt])))
					)
				),
				bitString(signature)
			);
		expect(await outcome(request(48), ['RSA-2048'])).toBe('accepted');
		expect(await outcome(request(32), ['RSA-2048'])).toBe('csr_signature_invalid');
	});

	it("refuses another key's signature", async () => {
		const der = await requestDer('P-256');
		const other = partsOf(await requestDer('P-256'))[2];
		expect(await outcome(withSignature(der, other), ['P-256'])).toBe('csr_signature_invalid');
	});

	it('refuses a signature with one bit changed, ECDSA and RSA', async () => {
		for (const algorithm of ['P-256', 'RSA-2048'] as const) {
			const der = await requestDer(algorithm);
			const signature = partsOf(der)[2].slice();
			signature[signature.length - 1]! ^= 0x01;
			expect(await outcome(withSignature(der, signature), [algorithm])).toBe(
				'csr_signature_invalid'
			);
		}
	});

	it('refuses an ECDSA signature whose r has a needless leading zero (BER, not DER)', async () => {
		const der = await requestDer('P-256');
		const [r, s] = (asn1js.fromBER(partsOf(der)[2]).result as asn1js.Sequence).valueBlock.value as [
			asn1js.Integer,
			asn1js.Integer
		];
		const padded = sequence(
			tlv(0x02, new Uint8Array([0, 0, ...r.valueBlock.valueHexView])),
			new Uint8Array(s.valueBeforeDecodeView)
		);
		expect(await outcome(withSignature(der, padded), ['P-256'])).toBe('csr_signature_invalid');
	});

	it('refuses an ECDSA signature given as r || s instead of DER', async () => {
		const der = await requestDer('P-256');
		const [r, s] = (asn1js.fromBER(partsOf(der)[2]).result as asn1js.Sequence).valueBlock.value as [
			asn1js.Integer,
			asn1js.Integer
		];
		const fixed = (integer: asn1js.Integer) => {
			const bytes = integer.valueBlock.valueHexView;
			return bytes.subarray(bytes.length - 32);
		};
		const raw = new Uint8Array([...fixed(r), ...fixed(s)]);
		expect(await outcome(withSignature(der, raw), ['P-256'])).toBe('csr_signature_invalid');
	});
});
