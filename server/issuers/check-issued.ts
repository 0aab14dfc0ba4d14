/**
 * What a certificate from an external CA must show before the server stores it and hands it out:
 * everything the app checks (our key, the ordered subject and names, a chain that validates to the
 * configured root, run by the same code), and what only the server knows: the product's key usage
 * and extended key usage, and the ordered validity.
 */
import { verifyIssuedChain } from '../../src/lib/pki/chain.ts';
import { PkiError } from '../../src/lib/pki/errors.ts';
import { importSpki } from '../../src/lib/pki/keys.ts';
import { encodePem } from '../../src/lib/pki/pem.ts';
import * as x509 from '../../src/lib/pki/x509.ts';
import { addMonths } from '../calendar.ts';
import { IssuerRefused, type IssuedCertificate, type LeafRequest } from './issuer.ts';
import { extendedKeyUsageOids, keyUsageFor } from './usage.ts';

const DAY_MS = 24 * 3600 * 1000;
// A CA that counts validity in hours (CFSSL) lands within a few days of calendar months.
const VALIDITY_SHORTER_MS = 3 * DAY_MS;
const VALIDITY_LONGER_MS = DAY_MS;

export async function checkIssuedCertificate(
	request: LeafRequest,
	der: Uint8Array,
	chainPem: string,
	root: x509.X509Certificate,
	now: Date
): Promise<IssuedCertificate> {
	let leaf: x509.X509Certificate;
	try {
		({ leaf } = await verifyIssuedChain({
			chain: encodePem('CERTIFICATE', der) + chainPem,
			publicKey: await importSpki(request.spki, request.keyAlgorithm),
			subject: request.subject,
			subjectAltNames: request.subjectAltNames,
			trustedRoots: [root],
			now
		}));
	} catch (error) {
		if (error instanceof PkiError)
			throw new IssuerRefused(`the CA's certificate fails the app's checks: ${error.message}`, {
				cause: error
			});
		throw error;
	}
	const usage = leaf.getExtension(x509.KeyUsagesExtension);
	if (usage?.usages !== keyUsageFor(request.profile, request.keyAlgorithm.startsWith('RSA')))
		throw new IssuerRefused(
			`the CA's certificate has another key usage than ${request.profile.id}`
		);
	const extended = leaf.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [];
	const expected = extendedKeyUsageOids(request.profile);
	if (
		extended.length !== expected.length ||
		!expected.every((oid) => extended.includes(oid as x509.ExtendedKeyUsage))
	)
		throw new IssuerRefused(
			`the CA's certificate has another extended key usage than ${request.profile.id}`
		);
	if (leaf.getExtension(x509.BasicConstraintsExtension)?.ca)
		throw new IssuerRefused("the CA's certificate for an applicant is itself a CA");
	const ordered = addMonths(now, request.validityMonths).getTime();
	const notAfter = leaf.notAfter.getTime();
	if (notAfter > ordered + VALIDITY_LONGER_MS || notAfter < ordered - VALIDITY_SHORTER_MS)
		throw new IssuerRefused(
			`the CA's certificate is valid until ${leaf.notAfter.toISOString()}, the order says ${request.validityMonths} months`
		);
	return {
		serialHex: leaf.serialNumber.toLowerCase(),
		der,
		notBefore: leaf.notBefore,
		notAfter: leaf.notAfter
	};
}
