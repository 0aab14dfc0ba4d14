/**
 * Requests an applicant pastes, made by OpenSSL the ways HSMs and tools make them: RSASSA-PSS
 * signatures with every salt length and hash OpenSSL offers, and keys no order accepts. The app's
 * paste check (in the browser, WebCrypto) and the server's (node:crypto, the one-pass reader) must
 * give the same answer, and name what they refuse.
 */
import * as asn1js from 'asn1js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRequest } from '../../server/csr.ts';
import { Refusal } from '../../server/problems.ts';
import type { OrderSummary } from '../../src/lib/api/types.ts';
import type { KeyAlgorithmName } from '../../src/lib/domain/key-algorithms.ts';
import { checkUploadedCsr } from '../../src/lib/pickup/crypto-chunk.ts';
import { fromBase64 } from '../../src/lib/pki/bytes.ts';
import { parseCsr, readCsrParts } from '../../src/lib/pki/csr.ts';
import { bitString, explicit, sequence, tlv } from '../../src/lib/pki/der-writer.ts';
import { PkiError } from '../../src/lib/pki/errors.ts';
import { encodePem } from '../../src/lib/pki/pem.ts';
import { requireTool, run } from './support/tools.ts';

const SUBJECT = [
	{ type: 'C' as const, value: 'NL' },
	{ type: 'CN' as const, value: 'Jan Peeters' }
];
const NAMES = [{ type: 'email' as const, value: 'jan@example.nl' }];
const ALLOWED: KeyAlgorithmName[] = ['RSA-2048', 'P-256'];

let directory: string;

function openssl(args: string[]): string {
	const { status, stdout, stderr } = run('openssl', args);
	expect(status, stderr).toBe(0);
	return stdout;
}

let keys = 0;

function key(args: string[]): string {
	const file = join(directory, `key-${++keys}.pem`);
	openssl(['genpkey', ...args, '-out', file]);
	return file;
}

/** A request for the order's subject and name, signed by `keyFile` with `options`. */
function request(keyFile: string, options: string[] = []): string {
	return openssl([
		'req',
		'-new',
		'-key',
		keyFile,
		'-subj',
		'/C=NL/CN=Jan Peeters',
		'-addext',
		'subjectAltName=email:jan@example.nl',
		...options
	]);
}

const pss = (hash: string, ...sigopts: string[]) => [
	`-${hash}`,
	...['rsa_padding_mode:pss', ...sigopts].flatMap((option) => ['-sigopt', option])
];

/** What the app's paste check and the server's check say: 'accepted', or code and message. */
async function outcomes(
	pem: string,
	allowed: KeyAlgorithmName[] = ALLOWED
): Promise<{ app: string; server: string }> {
	const order = { subject: SUBJECT, subjectAltNames: NAMES, allowedKeys: allowed };
	const summary = {
		...order,
		keyPolicy: { allowed, recommended: allowed[0] }
	} as unknown as OrderSummary;
	const said = (error: unknown) => {
		if (error instanceof PkiError || error instanceof Refusal)
			return `${error.code}: ${error.message}`;
		throw error;
	};
	return {
		app: await checkUploadedCsr(pem, summary).then(() => 'accepted', said),
		server: await checkRequest(pem, order).then(() => 'accepted', said)
	};
}

function derOf(pem: string): Uint8Array {
	return fromBase64(pem.replace(/-----[A-Z ]+-----/g, '')) as Uint8Array;
}

/** The request with another signatureAlgorithm or signature: neither is covered by the signature. */
function changed(
	pem: string,
	change: { algorithm?: (der: Uint8Array) => Uint8Array; signature?: Uint8Array }
): string {
	const [info, algorithm, signature] = (asn1js.fromBER(derOf(pem)).result as asn1js.Sequence)
		.valueBlock.value as [asn1js.Sequence, asn1js.Sequence, asn1js.BitString];
	const algorithmDer = new Uint8Array(algorithm.valueBeforeDecodeView);
	const der = sequence(
		new Uint8Array(info.valueBeforeDecodeView),
		change.algorithm?.(algorithmDer) ?? algorithmDer,
		bitString(change.signature ?? new Uint8Array(signature.valueBlock.valueHexView))
	);
	return encodePem('CERTIFICATE REQUEST', der);
}

let rsa: string;

beforeAll(() => {
	requireTool('openssl', ['version']);
	directory = mkdtempSync(join(tmpdir(), 'csr-openssl-'));
	rsa = key(['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']);
});

describe('an RSA-2048 request signed with RSASSA-PSS (RFC 4055)', () => {
	const HASH_LENGTHS = { sha256: 32, sha384: 48, sha512: 64 } as const;
	// OpenSSL's salt lengths: a number, digest (-1: the hash's length), and max, -2 and auto, which
	// a signer takes as the most the 2048-bit modulus leaves room for (RFC 8017 section 9.1.1).
	const SALTS = ['32', '20', 'digest', '-1', 'max', '-2', 'auto'];
	const cases = Object.entries(HASH_LENGTHS).flatMap(([hash, length]) =>
		SALTS.map((salt) => {
			const octets = salt === 'digest' || salt === '-1' ? length : Number(salt);
			return [hash, salt, Number.isNaN(octets) || octets < 0 ? 256 - length - 2 : octets] as const;
		})
	);

	it.each(cases)(
		'is accepted by the app and the server: %s, rsa_pss_saltlen:%s (%i octets)',
		async (hash, salt, saltLength) => {
			const pem = request(rsa, pss(hash, `rsa_pss_saltlen:${salt}`));
			expect(readCsrParts(derOf(pem)).algorithm).toEqual({
				family: 'RSA-PSS',
				hash: `SHA-${hash.slice(3)}`,
				saltLength
			});
			expect(await outcomes(pem)).toEqual({ app: 'accepted', server: 'accepted' });
		}
	);

	it('is refused as not signed by its key when a bit of the signature or the salt length differs', async () => {
		const pem = request(rsa, pss('sha256', 'rsa_pss_saltlen:32'));
		const signature = new Uint8Array(
			(
				(asn1js.fromBER(derOf(pem)).result as asn1js.Sequence).valueBlock
					.value[2] as asn1js.BitString
			).valueBlock.valueHexView
		);
		signature[100]! ^= 0x01;
		// SEQUENCE { rsassaPss, SEQUENCE { [0] sha256, [1] mgf1 sha256, [2] INTEGER 32 } }: claim 33.
		const salt33 = (der: Uint8Array) => {
			expect([...der.subarray(-5)]).toEqual([0xa2, 0x03, 0x02, 0x01, 0x20]);
			const [oid, hashAndMask] = [der.subarray(2, 13), der.subarray(15, -5)];
			return sequence(oid, sequence(hashAndMask, explicit(2, tlv(0x02, new Uint8Array([33])))));
		};
		const refused = 'csr_signature_invalid: the request is not signed by its key';
		for (const tampered of [changed(pem, { signature }), changed(pem, { algorithm: salt33 })])
			expect(await outcomes(tampered)).toEqual({ app: refused, server: refused });
	});

	it('is refused with SHA-1, with the advice to sign with SHA-256', async () => {
		const message =
			'the request is signed with SHA-1, which is not accepted: make it again signed with SHA-256 (openssl req -sha256; keytool -certreq -sigalg SHA256withRSA or SHA256withECDSA)';
		expect(await outcomes(request(rsa, pss('sha1')))).toEqual({
			app: `csr_signature_weak: ${message}`,
			server: `csr_signature_invalid: ${message}`
		});
		const failure = await parseCsr(request(rsa, pss('sha1'))).catch((error: unknown) => error);
		expect(failure).toMatchObject({ code: 'csr_signature_weak', params: { hash: 'SHA-1' } });
	});

	it.each([
		['sha256', 'sha1', 'RSASSA-PSS with SHA-256 and MGF1 with SHA-1'],
		['sha512', 'sha256', 'RSASSA-PSS with SHA-512 and MGF1 with SHA-256'],
		['sha224', 'sha224', 'RSASSA-PSS with SHA-224 and MGF1 with SHA-224']
	])(
		'is refused by name when WebCrypto cannot check it: %s with MGF1 over %s',
		async (hash, maskHash, name) => {
			const pem = request(rsa, pss(hash, `rsa_mgf1_md:${maskHash}`));
			const message = `the request is signed with ${name}, which is not accepted: make it again signed with SHA-256 (openssl req -sha256; keytool -certreq -sigalg SHA256withRSA or SHA256withECDSA)`;
			expect(await outcomes(pem)).toEqual({
				app: `csr_signature_weak: ${message}`,
				server: `csr_signature_invalid: ${message}`
			});
		}
	);
});

describe('a request whose key no order accepts', () => {
	it.each([
		['Ed25519', ['-algorithm', 'ED25519']],
		['Ed448', ['-algorithm', 'ED448']],
		['EC secp256k1', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:secp256k1']],
		[
			'RSASSA-PSS (RSA-2048 restricted to PSS)',
			['-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:2048']
		],
		[
			'RSASSA-PSS (RSA-3072 restricted to PSS)',
			[
				'-algorithm',
				'RSA-PSS',
				'-pkeyopt',
				'rsa_keygen_bits:3072',
				'-pkeyopt',
				'rsa_pss_keygen_md:sha256'
			]
		]
	])('names the key, %s, before it looks at the signature', async (description, args) => {
		const pem = request(key(args));
		const refused = `csr_key_not_allowed: the request's key is ${description}; this order accepts RSA-2048, P-256`;
		expect(await outcomes(pem)).toEqual({ app: refused, server: refused });
		// Without an order, the keys any order may allow are the ones named.
		const failure = await parseCsr(pem).catch((error: unknown) => error);
		expect(failure).toMatchObject({
			code: 'csr_key_not_allowed',
			params: { key: description, allowed: 'RSA-2048, RSA-3072, RSA-4096, P-256, P-384' }
		});
	});

	it('names an RSA-2048 key the order does not accept, also when the signature is broken', async () => {
		const pem = request(rsa, pss('sha256'));
		const refused = "csr_key_not_allowed: the request's key is RSA-2048; this order accepts P-256";
		const signature = new Uint8Array(256);
		for (const input of [pem, changed(pem, { signature })])
			expect(await outcomes(input, ['P-256'])).toEqual({ app: refused, server: refused });
	});
});
