/**
 * The issuing CA: a root and an intermediate made on first start in DATA_DIR/ca, or an existing
 * intermediate loaded from files named in the configuration. Private keys are PKCS#8 PEM files with
 * mode 0600 in a 0700 directory: readable by the server's user only.
 */
import * as x509 from '../../src/lib/pki/x509.ts';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError, type Config } from '../config.ts';
import { toArrayBuffer } from '../../src/lib/pki/bytes.ts';
import { DerReader } from '../../src/lib/pki/der.ts';
import { decodePem, isPem, type PemBlock } from '../../src/lib/pki/pem.ts';
import { randomSerial } from './serial.ts';
import { signerFor, type Signer } from './signer.ts';

export interface IssuingCa {
	certificate: x509.X509Certificate;
	key: CryptoKey;
	/** The issuing CA's certificate, then those above it up to the root. */
	chain: x509.X509Certificate[];
	chainPem: string;
	signer: Signer;
	/** The issuing CA's subject exactly as encoded in its certificate: the leaf's issuer field. */
	subjectDer: Uint8Array;
}

// The root, which lives 20 years and signs once, is P-384 with SHA-384. The issuing CA signs every
// certificate: P-256 (128-bit strength, the strongest key an applicant's P-256 certificate can
// rely on anyway) signs some 20 times faster than P-384 in OpenSSL 3, which has no fast P-384 code.
const ROOT_KEY: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-384' };
const ISSUING_KEY: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const ROOT_SIGNING: EcdsaParams = { name: 'ECDSA', hash: 'SHA-384' };
const YEAR_MS = 365.25 * 24 * 3600 * 1000;

export async function loadOrCreateCa(config: Config): Promise<IssuingCa> {
	if (config.ca.files) {
		const { certFile, keyFile, chainFile } = config.ca.files;
		return loadCa(
			{ setting: 'CA_CERT_FILE', path: certFile },
			{ setting: 'CA_KEY_FILE', path: keyFile },
			{ setting: 'CA_CHAIN_FILE', path: chainFile }
		);
	}
	const dir = join(config.dataDir, 'ca');
	if (!existsSync(join(dir, 'intermediate.pem'))) await createCa(dir, config.ca.name);
	return loadCa(
		{ setting: 'the CA certificate', path: join(dir, 'intermediate.pem') },
		{ setting: 'the CA key', path: join(dir, 'intermediate.key') },
		{ setting: 'the root certificate', path: join(dir, 'root.pem') }
	);
}

/** A CA file and the setting that names it, so each refusal says which file to fix. */
interface CaFile {
	setting: string;
	path: string;
}

async function loadCa(certFile: CaFile, keyFile: CaFile, chainFile: CaFile): Promise<IssuingCa> {
	const [certificate] = readCertificates(certFile, 1);
	if (!certificate) throw refusal(certFile, 'holds no certificate');
	const above = readCertificates(chainFile, 0);
	const key = await importKey(keyFile, certificate);
	await assertKeyMatches(key, certificate, certFile, keyFile);
	const chain = [certificate, ...above];
	return {
		certificate,
		key,
		chain,
		chainPem: chain.map((cert) => cert.toString('pem')).join('\n') + '\n',
		signer: signerFor(key),
		subjectDer: subjectDer(new Uint8Array(certificate.rawData))
	};
}

function readPem(file: CaFile): string {
	try {
		return readFileSync(file.path, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const reason =
			code === 'ENOENT'
				? 'does not exist'
				: code === 'EACCES'
					? 'cannot be read (permission denied)'
					: code === 'EISDIR'
						? 'is a directory'
						: `cannot be read (${code ?? String(error)})`;
		throw refusal(file, reason);
	}
}

function pemBlocks(file: CaFile, label: string): Uint8Array[] {
	const text = readPem(file);
	if (!isPem(text)) return [];
	let blocks: PemBlock[];
	try {
		blocks = decodePem(text, 'certificate_malformed');
	} catch (error) {
		throw refusal(file, `is not well-formed PEM (${(error as Error).message})`);
	}
	return blocks.filter((block) => block.label === label).map((block) => block.der);
}

function readCertificates(file: CaFile, min: number): x509.X509Certificate[] {
	const blocks = pemBlocks(file, 'CERTIFICATE');
	if (blocks.length < min) throw refusal(file, 'holds no PEM CERTIFICATE block');
	return blocks.map((der, index) => {
		try {
			return new x509.X509Certificate(toArrayBuffer(der));
		} catch {
			throw refusal(file, `has a certificate that cannot be read (block ${index + 1})`);
		}
	});
}

async function importKey(file: CaFile, certificate: x509.X509Certificate): Promise<CryptoKey> {
	const algorithm = certificate.publicKey.algorithm as EcKeyAlgorithm | RsaHashedKeyAlgorithm;
	const importParams =
		algorithm.name === 'ECDSA'
			? { name: 'ECDSA', namedCurve: (algorithm as EcKeyAlgorithm).namedCurve }
			: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
	const [der] = pemBlocks(file, 'PRIVATE KEY');
	if (!der) throw refusal(file, 'holds no PEM PRIVATE KEY (PKCS#8) block');
	try {
		return await crypto.subtle.importKey('pkcs8', toArrayBuffer(der), importParams, false, [
			'sign'
		]);
	} catch {
		throw refusal(file, `is not a ${keyDescription(algorithm)} private key like the certificate's`);
	}
}

/**
 * A key that is not the certificate's would sign certificates nobody can verify, and each would
 * spend its order: a signature made with the key must verify under the certificate's public key.
 */
async function assertKeyMatches(
	key: CryptoKey,
	certificate: x509.X509Certificate,
	certFile: CaFile,
	keyFile: CaFile
): Promise<void> {
	const params =
		key.algorithm.name === 'ECDSA'
			? { name: 'ECDSA', hash: 'SHA-256' }
			: { name: 'RSASSA-PKCS1-v1_5' };
	const probe = crypto.getRandomValues(new Uint8Array(32));
	const signature = await crypto.subtle.sign(params, key, probe);
	const publicKey = await certificate.publicKey.export();
	if (!(await crypto.subtle.verify(params, publicKey, signature, probe))) {
		throw new ConfigurationError(
			`${keyFile.setting} ${keyFile.path} is not the private key of ${certFile.setting} ${certFile.path}`
		);
	}
}

function keyDescription(algorithm: EcKeyAlgorithm | RsaHashedKeyAlgorithm): string {
	return algorithm.name === 'ECDSA'
		? `ECDSA ${(algorithm as EcKeyAlgorithm).namedCurve}`
		: `RSA-${(algorithm as RsaHashedKeyAlgorithm).modulusLength}`;
}

function refusal(file: CaFile, reason: string): ConfigurationError {
	return new ConfigurationError(`${file.setting} ${file.path} ${reason}`);
}

/** Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version, serial, signature, issuer, validity, subject, ... } ... } */
function subjectDer(certificate: Uint8Array): Uint8Array {
	const der = new DerReader('certificate_malformed', 'issuing CA certificate');
	const [tbs] = der.sequence(der.parse(certificate), 3, 3);
	return der.raw(der.sequence(tbs, 7)[5]);
}

/**
 * Builds the CA in a private temporary directory and renames it into place, so a crash leaves no
 * half-made CA and a second process starting at the same moment keeps whichever CA won the rename.
 */
async function createCa(dir: string, name: string): Promise<void> {
	const staging = `${dir}.${process.pid}.tmp`;
	rmSync(staging, { recursive: true, force: true });
	mkdirSync(staging, { recursive: true, mode: 0o700 });
	const now = new Date();
	const rootKeys = await generate(ROOT_KEY);
	const root = await x509.X509CertificateGenerator.createSelfSigned({
		serialNumber: Buffer.from(randomSerial()).toString('hex'),
		name: caName(name, 'Root'),
		notBefore: now,
		notAfter: new Date(now.getTime() + 20 * YEAR_MS),
		keys: rootKeys,
		signingAlgorithm: ROOT_SIGNING,
		extensions: [
			new x509.BasicConstraintsExtension(true, undefined, true),
			new x509.KeyUsagesExtension(
				x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
				true
			),
			await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey)
		]
	});
	const intermediateKeys = await generate(ISSUING_KEY);
	const intermediate = await x509.X509CertificateGenerator.create({
		serialNumber: Buffer.from(randomSerial()).toString('hex'),
		subject: caName(name, 'Issuing CA 1'),
		issuer: root.subject,
		notBefore: now,
		notAfter: new Date(now.getTime() + 10 * YEAR_MS),
		publicKey: intermediateKeys.publicKey,
		signingKey: rootKeys.privateKey,
		signingAlgorithm: ROOT_SIGNING,
		extensions: [
			new x509.BasicConstraintsExtension(true, 0, true),
			new x509.KeyUsagesExtension(
				x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
				true
			),
			await x509.SubjectKeyIdentifierExtension.create(intermediateKeys.publicKey),
			await x509.AuthorityKeyIdentifierExtension.create(rootKeys.publicKey)
		]
	});
	writePrivate(join(staging, 'root.key'), await pkcs8Pem(rootKeys.privateKey));
	writePrivate(join(staging, 'intermediate.key'), await pkcs8Pem(intermediateKeys.privateKey));
	writeFileSync(join(staging, 'root.pem'), root.toString('pem') + '\n', { mode: 0o644 });
	writeFileSync(join(staging, 'intermediate.pem'), intermediate.toString('pem') + '\n', {
		mode: 0o644
	});
	try {
		renameSync(staging, dir);
	} catch (error) {
		rmSync(staging, { recursive: true, force: true });
		if (!existsSync(join(dir, 'intermediate.pem'))) throw error;
	}
}

function caName(name: string, role: string): string {
	// The distinguished name is built from trusted configuration, but a comma or plus in it would
	// still split the RDN: refuse instead of escaping so the operator sees exactly what is signed.
	if (/[,+=<>#;"\\]/.test(name)) throw new Error('CA name may not contain , + = < > # ; " or \\');
	return `CN=${name} ${role}, O=${name}`;
}

async function generate(params: EcKeyGenParams): Promise<CryptoKeyPair> {
	return crypto.subtle.generateKey(params, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

async function pkcs8Pem(key: CryptoKey): Promise<string> {
	return (
		x509.PemConverter.encode(await crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY') + '\n'
	);
}

function writePrivate(path: string, content: string): void {
	writeFileSync(path, content, { mode: 0o600 });
}
