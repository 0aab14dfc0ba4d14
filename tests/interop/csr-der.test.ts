/**
 * The server's one-pass request reader (csr-der.ts) against the general asn1js reader: for
 * requests from OpenSSL, from the app, and made by hand to reach the rare branches, and for
 * thousands of mutations of them, both give the same parsed request or the same refusal.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64 } from '../../src/lib/pki/bytes.ts';
import { createCsr, parseCsr, readCsrParts, type ParsedCsr } from '../../src/lib/pki/csr.ts';
import { readCsrDer } from '../../src/lib/pki/csr-der.ts';
import { bitString, explicit, sequence, tlv } from '../../src/lib/pki/der-writer.ts';
import { PkiError } from '../../src/lib/pki/errors.ts';
import { generateKeyPair } from '../../src/lib/pki/keys.ts';
import { buildNameDer } from '../../src/lib/pki/name.ts';
import { mutations } from '../unit/pki/mutations.ts';
import { SUBJECT, SUBJECT_ALT_NAMES } from './support/ca.ts';
import { requireTool, run } from './support/tools.ts';

type Outcome = { parsed: ParsedCsr } | { refused: string };

async function outcome(input: Uint8Array, read: typeof readCsrDer): Promise<Outcome> {
	try {
		return { parsed: await parseCsr(input, { read }) };
	} catch (error) {
		if (error instanceof PkiError) return { refused: error.code };
		throw error;
	}
}

async function compare(input: Uint8Array): Promise<Outcome> {
	const general = await outcome(input, readCsrParts);
	const strict = await outcome(input, readCsrDer);
	expect(strict).toEqual(general);
	return general;
}

function derOf(pem: string): Uint8Array {
	return fromBase64(pem.replace(/-----[A-Z ]+-----/g, '')) as Uint8Array;
}

const OPENSSL_SUBJECT = '/C=NL/O=Voorbeeld B.V./CN=www.example.nl/emailAddress=zoe@example.nl';

function openssl(key: string[], options: string[]): Uint8Array {
	const directory = mkdtempSync(join(tmpdir(), 'csr-der-'));
	const config = join(directory, 'req.cnf');
	// A config with an attributes section, so that -subj is used and challengePassword can be set.
	writeFileSync(
		config,
		'[req]\ndistinguished_name = dn\nattributes = attrs\nprompt = no\n[dn]\nCN = x\n[attrs]\n' +
			(options.includes('--password') ? 'challengePassword = geheim1234\n' : '')
	);
	const args = ['req', '-new', '-config', config, '-newkey', ...key, '-nodes'];
	args.push('-keyout', join(directory, 'key.pem'), '-subj', OPENSSL_SUBJECT);
	args.push(...options.filter((option) => option !== '--password'));
	const { status, stdout, stderr } = run('openssl', args);
	expect(status, stderr).toBe(0);
	return derOf(stdout);
}

const SAN = ['-addext', 'subjectAltName=DNS:www.example.nl,email:zoe@example.nl'];

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const SPKI = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
const ECDSA_WITH_SHA256 = new Uint8Array([
	0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02
]);

/** A request whose signature is good, whatever the CertificationRequestInfo bytes are. */
function signed(info: Uint8Array): Uint8Array {
	const signature = new Uint8Array(sign('sha256', info, privateKey));
	return sequence(info, sequence(ECDSA_WITH_SHA256), bitString(signature));
}

/** A request signed with a P-256 key over a CertificationRequestInfo written by hand. */
function handMade(subject: Uint8Array, attributes: Uint8Array[] = [], version = [0x00]) {
	return signed(
		sequence(tlv(0x02, new Uint8Array(version)), subject, SPKI, tlv(0xa0, ...attributes))
	);
}

const CN = new Uint8Array([0x06, 0x03, 0x55, 0x04, 0x03]);
const EXTENSION_REQUEST = new Uint8Array([
	0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x0e
]);
const SAN_OID = new Uint8Array([0x06, 0x03, 0x55, 0x1d, 0x11]);

function nameWith(value: Uint8Array): Uint8Array {
	return sequence(tlv(0x31, sequence(CN, value)));
}

function sanRequest(generalNames: Uint8Array): Uint8Array {
	const extension = sequence(SAN_OID, tlv(0x04, generalNames));
	return handMade(buildNameDer(SUBJECT), [
		sequence(EXTENSION_REQUEST, tlv(0x31, sequence(extension)))
	]);
}

const requests: [string, Uint8Array][] = [];

beforeAll(async () => {
	requireTool('openssl', ['version']);
	const ec = (curve: string) => ['ec', '-pkeyopt', `ec_paramgen_curve:${curve}`];
	for (const [name, key] of [
		['RSA-2048', ['rsa:2048']],
		['P-256', ec('P-256')],
		['P-384', ec('P-384')]
	] as const) {
		requests.push([`openssl ${name}`, openssl([...key], [])]);
		requests.push([`openssl ${name}, SANs`, openssl([...key], SAN)]);
		requests.push([
			`openssl ${name}, SANs and a challengePassword`,
			openssl([...key], [...SAN, '--password'])
		]);
	}
	const p256 = ec('P-256');
	requests.push(['openssl, UTF-8 subject', openssl(p256, ['-utf8', '-subj', '/CN=Zoë Ångström'])]);
	requests.push(['openssl, a title in the subject', openssl(p256, ['-subj', '/CN=x/title=Dr'])]);
	requests.push([
		'openssl, an IP address SAN',
		openssl(p256, ['-addext', 'subjectAltName=IP:10.0.0.1'])
	]);
	requests.push(['openssl, SHA-1', openssl(p256, ['-sha1'])]);
	requests.push(['openssl, P-521', openssl(ec('P-521'), [])]);
	requests.push(['openssl, RSA-1024', openssl(['rsa:1024'], [])]);
	const pss = (...options: string[]) =>
		['rsa_padding_mode:pss', ...options].flatMap((option) => ['-sigopt', option]);
	requests.push(['openssl, RSASSA-PSS', openssl(['rsa:2048'], [...SAN, ...pss()])]);
	requests.push([
		'openssl, RSASSA-PSS, MGF1 with SHA-1',
		openssl(['rsa:2048'], pss('rsa_mgf1_md:sha1'))
	]);
	// SHA-1, MGF1 with SHA-1 and a salt of 20 octets are the defaults: the parameters are empty.
	requests.push([
		'openssl, RSASSA-PSS, SHA-1',
		openssl(['rsa:2048'], ['-sha1', ...pss('rsa_pss_saltlen:20')])
	]);
	requests.push(['openssl, Ed25519', openssl(['ed25519'], [])]);
	requests.push([
		'openssl, an RSASSA-PSS key',
		openssl(['RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:2048'], [])
	]);
	for (const algorithm of ['P-256', 'P-384', 'RSA-2048'] as const) {
		const keys = await generateKeyPair(algorithm);
		requests.push([
			`app ${algorithm}, SANs, key usage, EKU`,
			derOf(
				await createCsr({
					keys,
					subject: SUBJECT,
					subjectAltNames: SUBJECT_ALT_NAMES,
					keyUsage: ['digitalSignature'],
					extendedKeyUsage: ['1.3.6.1.5.5.7.3.4']
				})
			)
		]);
		requests.push([
			`app ${algorithm}, no SANs`,
			derOf(await createCsr({ keys, subject: SUBJECT, subjectAltNames: [] }))
		]);
	}
	requests.push([
		'hand-made, BMPString CN',
		handMade(nameWith(tlv(0x1e, new Uint8Array([0, 0x41]))))
	]);
	requests.push([
		'hand-made, UTF8String CN that is not UTF-8',
		handMade(nameWith(tlv(0x0c, new Uint8Array([0xc3]))))
	]);
	requests.push(['hand-made, version in two octets', handMade(buildNameDer(SUBJECT), [], [0, 0])]);
	requests.push(['hand-made, version 1', handMade(buildNameDer(SUBJECT), [], [1])]);
	requests.push(['hand-made, empty subject', handMade(sequence())]);
	requests.push(['hand-made, INTEGER as CN', handMade(nameWith(tlv(0x02, new Uint8Array([1]))))]);
	requests.push([
		'hand-made, BER SAN value',
		sanRequest(new Uint8Array([0x30, 0x80, 0x82, 0x01, 0x61, 0x00, 0x00]))
	]);
	requests.push([
		'hand-made, constructed dNSName',
		sanRequest(sequence(tlv(0xa2, tlv(0x04, new Uint8Array([0x61])))))
	]);
	requests.push(['hand-made, a URI SAN', sanRequest(sequence(tlv(0x86, new Uint8Array([0x61]))))]);
	requests.push(['hand-made, an empty SAN', sanRequest(sequence())]);
	requests.push([
		'hand-made, an unknown attribute',
		handMade(buildNameDer(SUBJECT), [
			sequence(CN, tlv(0x31, explicit(3, tlv(0x17, new Uint8Array([0x30])))))
		])
	]);
}, 120_000);

describe('readCsrDer', () => {
	it('reads every request as the general reader does', async () => {
		const outcomes = new Map<string, Outcome>();
		for (const [name, der] of requests) outcomes.set(name, await compare(der));
		const summary = Object.fromEntries(
			[...outcomes].map(([name, result]) => [
				name,
				'parsed' in result ? result.parsed.keyDescription : result.refused
			])
		);
		expect(summary).toEqual({
			'openssl RSA-2048': 'RSA-2048',
			'openssl RSA-2048, SANs': 'RSA-2048',
			'openssl RSA-2048, SANs and a challengePassword': 'RSA-2048',
			'openssl P-256': 'P-256',
			'openssl P-256, SANs': 'P-256',
			'openssl P-256, SANs and a challengePassword': 'P-256',
			'openssl P-384': 'P-384',
			'openssl P-384, SANs': 'P-384',
			'openssl P-384, SANs and a challengePassword': 'P-384',
			'openssl, UTF-8 subject': 'P-256',
			'openssl, a title in the subject': 'csr_subject_mismatch',
			'openssl, an IP address SAN': 'csr_san_mismatch',
			'openssl, SHA-1': 'csr_signature_weak',
			'openssl, P-521': 'EC P-521',
			'openssl, RSA-1024': 'RSA-1024',
			'openssl, RSASSA-PSS': 'RSA-2048',
			'openssl, RSASSA-PSS, MGF1 with SHA-1': 'csr_signature_weak',
			'openssl, RSASSA-PSS, SHA-1': 'csr_signature_weak',
			'openssl, Ed25519': 'csr_key_not_allowed',
			'openssl, an RSASSA-PSS key': 'csr_key_not_allowed',
			'app P-256, SANs, key usage, EKU': 'P-256',
			'app P-256, no SANs': 'P-256',
			'app P-384, SANs, key usage, EKU': 'P-384',
			'app P-384, no SANs': 'P-384',
			'app RSA-2048, SANs, key usage, EKU': 'RSA-2048',
			'app RSA-2048, no SANs': 'RSA-2048',
			'hand-made, BMPString CN': 'P-256',
			'hand-made, UTF8String CN that is not UTF-8': 'P-256',
			'hand-made, version in two octets': 'P-256',
			'hand-made, version 1': 'csr_malformed',
			'hand-made, empty subject': 'P-256',
			'hand-made, INTEGER as CN': 'csr_subject_mismatch',
			'hand-made, BER SAN value': 'P-256',
			'hand-made, constructed dNSName': 'P-256',
			'hand-made, a URI SAN': 'csr_san_mismatch',
			'hand-made, an empty SAN': 'csr_malformed',
			'hand-made, an unknown attribute': 'P-256'
		});
	});

	it('refuses, or reads, every mutation of them as the general reader does', async () => {
		const seen = new Set<string>();
		for (const [index, [, der]] of requests.entries()) {
			for (const input of mutations(der, 1000 + index, 200)) {
				const result = await compare(input);
				seen.add('parsed' in result ? 'parsed' : result.refused);
			}
		}
		expect([...seen].sort()).toEqual(
			expect.arrayContaining(['csr_malformed', 'csr_signature_invalid'])
		);
	}, 300_000);

	it('reads every signed mutation of a request as the general reader does', async () => {
		const info = sequence(
			tlv(0x02, new Uint8Array([0])),
			buildNameDer(SUBJECT),
			SPKI,
			tlv(
				0xa0,
				sequence(
					EXTENSION_REQUEST,
					tlv(
						0x31,
						sequence(sequence(SAN_OID, tlv(0x04, sequence(tlv(0x82, new Uint8Array([0x61]))))))
					)
				)
			)
		);
		const seen = new Set<string>();
		for (const mutated of mutations(info, 7, 1500)) {
			const result = await compare(signed(mutated));
			seen.add('parsed' in result ? 'parsed' : result.refused);
		}
		// The signature holds, so the checks after it (subject, names, key) are reached too.
		expect([...seen]).toEqual(
			expect.arrayContaining([
				'parsed',
				'csr_malformed',
				'csr_subject_mismatch',
				'csr_san_mismatch'
			])
		);
	}, 300_000);
});
