/**
 * The lazily loaded half of the pickup (see crypto.ts): everything that needs src/lib/pki, so the
 * first screen never pulls in @peculiar/x509, asn1js or the PKCS#12 code.
 */
import type { OrderSummary } from '../api/types.ts';
import { verifyIssuedChain, type IssuedChain } from '../pki/chain.ts';
import { checkCsrAgainstOrder, createCsr, parseCsr } from '../pki/csr.ts';
import { PkiError } from '../pki/errors.ts';
import { unwrapPrivateKey, wrapPrivateKey } from '../pki/key-wrap.ts';
import { exportPkcs8, generateKeyPair, importSpki } from '../pki/keys.ts';
import { encodePem } from '../pki/pem.ts';
import { buildPkcs12, type PreparedPkcs12 } from '../pki/pkcs12/index.ts';
import { X509Certificate, X509Certificates } from '../pki/x509.ts';
import type { PickupCrypto } from './crypto.ts';
import { safeFileName } from './file-name.ts';
import { PreparedWork } from './prepared-work.ts';
import type { CertificateDetails, CsrResult, IssuedFiles, PickupResult } from './state.ts';

export { createCsr, exportPkcs8, generateKeyPair, unwrapPrivateKey, wrapPrivateKey };

/**
 * The crypto port as one worker serves it. The module's own functions derive everything on
 * demand; these also use the keys derived ahead, which live and die with the worker.
 */
export function pickupCryptoWorker(): PickupCrypto {
	const prepared = new PreparedWork();
	return {
		generateKeyPair,
		exportPkcs8,
		unwrapPrivateKey,
		createCsr,
		checkUploadedCsr,
		csrResult,
		prepareDerivations: (handle, password, profile) => prepared.prepare(handle, password, profile),
		prepareKeyBag: (handle, pkcs8, profile) => prepared.prepareKeyBag(handle, pkcs8, profile),
		releaseDerivations: async (handle) => prepared.release(handle),
		wrapPrivateKey: (pkcs8, password, handle) =>
			wrapPrivateKey(pkcs8, password, { prepared: prepared.keyWrap(handle) }),
		pickupResult: (params) => buildResult(params, prepared.pkcs12(params.prepared))
	};
}

export const checkUploadedCsr: PickupCrypto['checkUploadedCsr'] = async (input, order) => {
	const allowedKeys = order.keyPolicy.allowed;
	const csr = await parseCsr(input, { allowedKeys });
	checkCsrAgainstOrder(csr, {
		subject: order.subject,
		subjectAltNames: order.subjectAltNames,
		allowedKeys
	});
	return encodePem('CERTIFICATE REQUEST', csr.der);
};

export const pickupResult: PickupCrypto['pickupResult'] = (params) => buildResult(params);

async function buildResult(
	params: Parameters<PickupCrypto['pickupResult']>[0],
	prepared?: PreparedPkcs12
): Promise<PickupResult> {
	const chain = await measured('chain check', () =>
		verifiedChain(params.chainPem, params.csrPem, params.order)
	);
	const files = await issuedFiles(chain, params.order);
	const p12 = await measured('pkcs12 build', () =>
		buildPkcs12({
			privateKeyPkcs8: params.privateKeyPkcs8,
			chain: chain.chainDer,
			password: params.password,
			friendlyName: holderOf(params.order) || params.order.orderId,
			profile: params.profile,
			prepared
		})
	);
	return {
		...files,
		p12: { name: fileName(params.order, 'p12'), type: 'application/x-pkcs12', data: p12 }
	};
}

export const csrResult: PickupCrypto['csrResult'] = async (params): Promise<CsrResult> => {
	const chain = await verifiedChain(params.chainPem, params.csrPem, params.order);
	const files = await issuedFiles(chain, params.order);
	const certificates = new X509Certificates(
		chain.chainDer.map((der) => new X509Certificate(der as Uint8Array<ArrayBuffer>))
	);
	const p7b = new Uint8Array(certificates.export('raw'));
	return {
		...files,
		p7b: {
			name: fileName(params.order, 'p7b'),
			type: 'application/x-pkcs7-certificates',
			data: p7b
		}
	};
};

/** Marks the span in the performance timeline: the page's bench shows where a pickup's time goes. */
async function measured<T>(name: string, run: () => Promise<T>): Promise<T> {
	const start = performance.now();
	try {
		return await run();
	} finally {
		performance.measure(name, { start });
	}
}

/** Checks the CA's answer against the key in our own request, the order, and the CA's chain. */
async function verifiedChain(
	chainPem: string,
	csrPem: string,
	order: OrderSummary
): Promise<IssuedChain> {
	const csr = await parseCsr(csrPem);
	if (!csr.keyAlgorithm)
		throw new PkiError('key_algorithm_not_allowed', 'the request key is outside every policy');
	return verifyIssuedChain({
		chain: chainPem,
		publicKey: await importSpki(csr.publicKeySpki, csr.keyAlgorithm),
		subject: order.subject,
		subjectAltNames: order.subjectAltNames
	});
}

async function issuedFiles(chain: IssuedChain, order: OrderSummary): Promise<IssuedFiles> {
	const leafDer = new Uint8Array(chain.leaf.rawData);
	return {
		certificate: await describeCertificate(chain.leaf),
		cer: { name: fileName(order, 'cer'), type: 'application/pkix-cert', data: leafDer },
		chainPem: {
			name: fileName(order, 'chain.pem'),
			type: 'application/x-pem-file',
			data: chain.chainDer.map((der) => encodePem('CERTIFICATE', der)).join('')
		}
	};
}

async function describeCertificate(certificate: X509Certificate): Promise<CertificateDetails> {
	const fingerprint = new Uint8Array(await certificate.getThumbprint('SHA-256'));
	return {
		subject: certificate.subject,
		issuer: certificate.issuer,
		serialNumber: certificate.serialNumber,
		notBefore: certificate.notBefore.toISOString(),
		notAfter: certificate.notAfter.toISOString(),
		sha256Fingerprint: Array.from(fingerprint, (byte) =>
			byte.toString(16).padStart(2, '0').toUpperCase()
		).join(':')
	};
}

function holderOf(order: OrderSummary): string {
	return order.subject.find((attribute) => attribute.type === 'CN')?.value ?? '';
}

function fileName(order: OrderSummary, extension: string): string {
	return safeFileName(holderOf(order), order.orderId, extension);
}
