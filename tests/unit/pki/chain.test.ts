import { describe, expect, it } from 'vitest';
import { verifyIssuedChain, orderChain } from '../../../src/lib/pki/chain.ts';
import { parseCertificates } from '../../../src/lib/pki/certificates.ts';
import { buildName } from '../../../src/lib/pki/name.ts';
import { buildSubjectAltNameExtension } from '../../../src/lib/pki/subject-alt-name.ts';
import * as x509 from '../../../src/lib/pki/x509.ts';
import { createTestCa } from '../../interop/support/ca.ts';
import { codeOf, issued, keysFor, SUBJECT, SUBJECT_ALT_NAMES } from './fixtures.ts';

const pem = (certificates: x509.X509Certificate[]) =>
	certificates.map((c) => c.toString('pem')).join('');

describe('orderChain', () => {
	it('orders any permutation leaf -> root', async () => {
		const { leaf, ca } = await issued();
		const expected = [leaf, ca.intermediate, ca.root].map((c) => c.serialNumber);
		const permutations = [
			[leaf, ca.intermediate, ca.root],
			[ca.root, ca.intermediate, leaf],
			[ca.intermediate, ca.root, leaf],
			[ca.root, leaf, ca.intermediate]
		];
		for (const certificates of permutations) {
			expect(orderChain(certificates).map((c) => c.serialNumber)).toEqual(expected);
		}
	});

	it('follows the leaf path and leaves unrelated CA certificates out', async () => {
		const { leaf, ca } = await issued();
		const other = await createTestCa('Other');
		const ordered = orderChain([other.root, ca.root, leaf, other.intermediate, ca.intermediate]);
		expect(ordered.map((c) => c.serialNumber)).toEqual(
			[leaf, ca.intermediate, ca.root].map((c) => c.serialNumber)
		);
	});

	it('reports no leaf, or two, as chain_no_leaf', async () => {
		const { leaf, ca } = await issued();
		const second = await ca.issue({
			publicKey: (await keysFor('P-384')).publicKey,
			subject: SUBJECT,
			subjectAltNames: SUBJECT_ALT_NAMES
		});
		expect(await codeOf(() => orderChain([leaf, second, ca.intermediate]))).toBe('chain_no_leaf');
		expect(await codeOf(() => orderChain([]))).toBe('chain_no_leaf');
	});
});

describe('verifyIssuedChain', () => {
	const params = async (algorithm: 'P-256' | 'P-384' = 'P-256') => {
		const fixture = await issued(algorithm);
		return {
			fixture,
			base: {
				chain: fixture.chainPem,
				publicKey: fixture.keys.publicKey,
				subject: SUBJECT,
				subjectAltNames: SUBJECT_ALT_NAMES
			}
		};
	};

	it('accepts the issued chain and returns it leaf first, with the root as anchor', async () => {
		const { fixture, base } = await params();
		const result = await verifyIssuedChain({
			...base,
			chain: pem([fixture.ca.root, fixture.leaf, fixture.ca.intermediate])
		});
		expect(result.leaf.serialNumber).toBe(fixture.leaf.serialNumber);
		expect(result.intermediates.map((c) => c.serialNumber)).toEqual([
			fixture.ca.intermediate.serialNumber
		]);
		expect(result.root.serialNumber).toBe(fixture.ca.root.serialNumber);
		expect(result.chainDer).toEqual(fixture.chainDer);
	});

	it('validates against given trusted roots when the chain lacks the root', async () => {
		const { fixture, base } = await params();
		const chain = pem([fixture.leaf, fixture.ca.intermediate]);
		const result = await verifyIssuedChain({
			...base,
			chain,
			trustedRoots: [new Uint8Array(fixture.ca.root.rawData)]
		});
		expect(result.chainDer).toEqual(fixture.chainDer);
		expect(await codeOf(verifyIssuedChain({ ...base, chain }))).toBe('chain_untrusted');
		const other = await createTestCa('Other');
		expect(await codeOf(verifyIssuedChain({ ...base, trustedRoots: [other.root] }))).toBe(
			'chain_untrusted'
		);
	});

	it('reports a leaf for another key as chain_leaf_key_mismatch', async () => {
		const { base } = await params();
		const publicKey = (await keysFor('P-384')).publicKey;
		expect(await codeOf(verifyIssuedChain({ ...base, publicKey }))).toBe('chain_leaf_key_mismatch');
	});

	it('reports subject and SAN differences with their own codes', async () => {
		const { base } = await params();
		const subject = SUBJECT.map((a) => (a.type === 'O' ? { ...a, value: 'Other B.V.' } : a));
		expect(await codeOf(verifyIssuedChain({ ...base, subject }))).toBe('chain_subject_mismatch');
		expect(await codeOf(verifyIssuedChain({ ...base, subjectAltNames: [] }))).toBe(
			'chain_san_mismatch'
		);
	});

	it('checks dates: expired and not yet valid', async () => {
		const { base } = await params();
		const future = new Date(Date.now() + 400 * 86_400_000);
		expect(await codeOf(verifyIssuedChain({ ...base, now: future }))).toBe('chain_expired');
		const past = new Date(Date.now() - 2 * 86_400_000);
		expect(await codeOf(verifyIssuedChain({ ...base, now: past }))).toBe('chain_not_yet_valid');
	});

	it('reports a forged signature as chain_invalid', async () => {
		const { fixture, base } = await params();
		// Same names as the real intermediate, different key: the leaf does not verify under it.
		const impostor = await fixture.ca.subordinate(
			fixture.ca.intermediate.subject,
			fixture.ca.rootNode
		);
		const chain = pem([fixture.leaf, impostor.certificate, fixture.ca.root]);
		expect(await codeOf(verifyIssuedChain({ ...base, chain }))).toBe('chain_invalid');
	});

	it('reports an issuer that is not a CA as chain_invalid', async () => {
		const { fixture, base } = await params();
		// A leaf "issued" by another end-entity certificate: name chaining and signature hold, but
		// RFC 5280 section 6.1.4 (k) requires the issuer to be a CA.
		const issuerKeys = await crypto.subtle.generateKey(
			{ name: 'ECDSA', namedCurve: 'P-256' },
			false,
			['sign', 'verify']
		);
		const endEntity = await x509.X509CertificateGenerator.create({
			serialNumber: '0a',
			subject: 'CN=Not a CA',
			issuer: fixture.ca.intermediate.subjectName,
			notBefore: new Date(Date.now() - 60_000),
			notAfter: new Date(Date.now() + 86_400_000),
			publicKey: issuerKeys.publicKey,
			signingKey: fixture.ca.intermediateNode.keys.privateKey,
			signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
			extensions: [new x509.BasicConstraintsExtension(false, undefined, true)]
		});
		const leaf = await x509.X509CertificateGenerator.create({
			serialNumber: '0b',
			subject: buildName(SUBJECT),
			issuer: endEntity.subjectName,
			notBefore: new Date(Date.now() - 60_000),
			notAfter: new Date(Date.now() + 86_400_000),
			publicKey: fixture.keys.publicKey,
			signingKey: issuerKeys.privateKey,
			signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
			extensions: [buildSubjectAltNameExtension(SUBJECT_ALT_NAMES)]
		});
		const chain = pem([leaf, endEntity, fixture.ca.intermediate, fixture.ca.root]);
		expect(await codeOf(verifyIssuedChain({ ...base, chain }))).toBe('chain_invalid');
	});

	/** A certificate signed by `signer`'s key with the given extensions (a CA when `ca`). */
	async function signedBy(
		signer: { certificate: x509.X509Certificate; keys: CryptoKeyPair },
		subject: string | x509.Name,
		publicKey: CryptoKey,
		extensions: x509.Extension[]
	) {
		return x509.X509CertificateGenerator.create({
			serialNumber: '0c' + Math.floor(Math.random() * 1e9).toString(16),
			subject,
			issuer: signer.certificate.subjectName,
			notBefore: new Date(Date.now() - 60_000),
			notAfter: new Date(Date.now() + 86_400_000),
			publicKey,
			signingKey: signer.keys.privateKey,
			signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
			extensions
		});
	}

	async function caKeys() {
		return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
			'sign',
			'verify'
		]);
	}

	it('reports an issuer whose key usage does not allow certificate signing as chain_invalid', async () => {
		const { fixture, base } = await params();
		const keys = await caKeys();
		const issuer = await signedBy(
			fixture.ca.intermediateNode,
			'CN=Signing only CA',
			keys.publicKey,
			[
				new x509.BasicConstraintsExtension(true, undefined, true),
				new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)
			]
		);
		const leaf = await signedBy(
			{ certificate: issuer, keys },
			buildName(SUBJECT),
			fixture.keys.publicKey,
			[buildSubjectAltNameExtension(SUBJECT_ALT_NAMES)]
		);
		const chain = pem([leaf, issuer, fixture.ca.intermediate, fixture.ca.root]);
		expect(await codeOf(verifyIssuedChain({ ...base, chain }))).toBe('chain_invalid');
	});

	it('reports a CA below one whose path length forbids it as chain_invalid', async () => {
		const { fixture, base } = await params();
		const upperKeys = await caKeys();
		const lowerKeys = await caKeys();
		const caExtensions = (pathLength?: number) => [
			new x509.BasicConstraintsExtension(true, pathLength, true),
			new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)
		];
		const upper = await signedBy(
			fixture.ca.intermediateNode,
			'CN=Upper CA',
			upperKeys.publicKey,
			caExtensions(0)
		);
		const lower = await signedBy(
			{ certificate: upper, keys: upperKeys },
			'CN=Lower CA',
			lowerKeys.publicKey,
			caExtensions()
		);
		const leaf = await signedBy(
			{ certificate: lower, keys: lowerKeys },
			buildName(SUBJECT),
			fixture.keys.publicKey,
			[buildSubjectAltNameExtension(SUBJECT_ALT_NAMES)]
		);
		const chain = pem([leaf, lower, upper, fixture.ca.intermediate, fixture.ca.root]);
		expect(await codeOf(verifyIssuedChain({ ...base, chain }))).toBe('chain_invalid');
	});

	it('reports a critical extension it does not understand as chain_invalid', async () => {
		const { fixture, base } = await params();
		const leaf = await signedBy(
			fixture.ca.intermediateNode,
			buildName(SUBJECT),
			fixture.keys.publicKey,
			[
				buildSubjectAltNameExtension(SUBJECT_ALT_NAMES),
				new x509.Extension('1.3.6.1.4.1.99999.1', true, new Uint8Array([0x05, 0x00]))
			]
		);
		const chain = pem([leaf, fixture.ca.intermediate, fixture.ca.root]);
		expect(await codeOf(verifyIssuedChain({ ...base, chain }))).toBe('chain_invalid');
	});

	it('reports a leaf signed by a CA under another root as chain_untrusted', async () => {
		const { fixture, base } = await params();
		const other = await createTestCa('Other');
		const foreign = await other.issue({
			publicKey: fixture.keys.publicKey,
			subject: SUBJECT,
			subjectAltNames: SUBJECT_ALT_NAMES
		});
		const chain = pem([foreign, other.intermediate]);
		expect(
			await codeOf(verifyIssuedChain({ ...base, chain, trustedRoots: [fixture.ca.root] }))
		).toBe('chain_untrusted');
	});

	it('parses a 20-certificate chain in bounded time', async () => {
		const { fixture } = await params();
		let signer = fixture.ca.rootNode;
		const nodes = [];
		for (let i = 0; i < 18; i++) {
			signer = await fixture.ca.subordinate(`CN=Level ${i}`, signer);
			nodes.push(signer.certificate);
		}
		const leaf = await fixture.ca.issue({
			publicKey: fixture.keys.publicKey,
			subject: SUBJECT,
			subjectAltNames: SUBJECT_ALT_NAMES
		});
		const chain = pem([fixture.ca.root, ...nodes.reverse(), leaf]);
		expect(parseCertificates(chain)).toHaveLength(20);
	});
});
