/**
 * The issued chain: found in whatever order the CA sent it, checked against our key and the
 * order, and validated to the CA's root (RFC 5280 section 6).
 *
 * The path checks are written over @peculiar/x509, which the app carries anyway, instead of
 * pkijs's CertificateChainValidationEngine: pkijs cannot be tree-shaken and cost 70 KB gzipped,
 * a third of the app's whole JavaScript budget, for this one function.
 */
import type { SubjectAltName } from '../domain/subject-alt-names.ts';
import type { SubjectAttribute } from '../domain/subject-attributes.ts';
import { equalBytes, toArrayBuffer } from './bytes.ts';
import { parseCertificates } from './certificates.ts';
import { PkiError } from './errors.ts';
import { exportSpki } from './keys.ts';
import { equalSubjects, readName } from './name.ts';
import { equalSubjectAltNames, readSubjectAltNames } from './subject-alt-name.ts';
import {
	BasicConstraintsExtension,
	KeyUsageFlags,
	KeyUsagesExtension,
	X509Certificate
} from './x509.ts';

export interface VerifyIssuedChainParams {
	chain: string | Uint8Array;
	publicKey: CryptoKey;
	subject: readonly SubjectAttribute[];
	subjectAltNames: readonly SubjectAltName[];
	/** The CA's roots; without them the self-signed root at the top of the chain is the anchor. */
	trustedRoots?: readonly X509Certificate[] | readonly Uint8Array[];
	now?: Date;
}

export interface IssuedChain {
	leaf: X509Certificate;
	intermediates: X509Certificate[];
	root: X509Certificate;
	/** Leaf first, then intermediates, then the root when known. */
	chainDer: Uint8Array[];
}

const nameBytes = (name: { toArrayBuffer(): ArrayBuffer }) => new Uint8Array(name.toArrayBuffer());

function issues(issuer: X509Certificate, subject: X509Certificate): boolean {
	return (
		issuer !== subject && equalBytes(nameBytes(issuer.subjectName), nameBytes(subject.issuerName))
	);
}

export function isSelfIssued(certificate: X509Certificate): boolean {
	return equalBytes(nameBytes(certificate.subjectName), nameBytes(certificate.issuerName));
}

function isCa(certificate: X509Certificate): boolean {
	return certificate.getExtension(BasicConstraintsExtension)?.ca ?? false;
}

/**
 * Leaf first, then each issuer up to the root or the last issuer present. The leaf is the one
 * certificate that issues none of the others (a CA certificate only if nothing else qualifies);
 * certificates off the leaf's path (cross-signs, other branches) are left out.
 */
export function orderChain(certificates: readonly X509Certificate[]): X509Certificate[] {
	const candidates = certificates.filter(
		(candidate) => !certificates.some((other) => !isSelfIssued(other) && issues(candidate, other))
	);
	const endEntities = candidates.filter((candidate) => !isCa(candidate));
	const leaves = endEntities.length > 0 ? endEntities : candidates;
	const [leaf] = leaves;
	if (!leaf || leaves.length > 1) {
		throw new PkiError('chain_no_leaf', `found ${leaves.length} possible leaf certificates`);
	}
	const path = [leaf];
	for (let current = leaf; !isSelfIssued(current);) {
		const issuer = certificates.find((candidate) => issues(candidate, current));
		if (!issuer || path.includes(issuer)) break;
		path.push(issuer);
		current = issuer;
	}
	return path;
}

async function trustAnchors(
	path: readonly X509Certificate[],
	trustedRoots: VerifyIssuedChainParams['trustedRoots']
): Promise<X509Certificate[]> {
	if (trustedRoots) {
		return trustedRoots.map((root) =>
			root instanceof X509Certificate ? root : new X509Certificate(toArrayBuffer(root))
		);
	}
	const top = path[path.length - 1];
	return top && path.length > 1 && (await top.isSelfSigned()) ? [top] : [];
}

function checkValidity(path: readonly X509Certificate[], now: Date): void {
	for (const certificate of path) {
		if (now < certificate.notBefore) {
			throw new PkiError(
				'chain_not_yet_valid',
				`${certificate.subject} is not valid before ${certificate.notBefore.toISOString()}`
			);
		}
		if (now > certificate.notAfter) {
			throw new PkiError(
				'chain_expired',
				`${certificate.subject} expired ${certificate.notAfter.toISOString()}`
			);
		}
	}
}

/**
 * RFC 5280 section 6.1 for a path whose names already chain and whose dates already hold: every
 * signature verifies under its issuer's key (6.1.3 (a)(1)), every issuer is a CA (6.1.4 (k)) that
 * may sign certificates (6.1.4 (n)) within its path length (6.1.4 (l), (m)), and no certificate
 * carries a critical extension this product does not understand (6.1.4 (o)).
 */
async function validatePath(
	path: readonly X509Certificate[],
	root: X509Certificate
): Promise<void> {
	const chain = path[path.length - 1] === root ? [...path] : [...path, root];
	for (const [index, certificate] of chain.entries()) {
		const issuer = chain[index + 1] ?? certificate;
		const signed = await certificate
			.verify({ publicKey: issuer.publicKey, signatureOnly: true })
			.catch(() => false);
		if (!signed) {
			throw new PkiError(
				'chain_invalid',
				`${certificate.subject} is not signed by ${issuer.subject}`
			);
		}
		const unknown = certificate.extensions.find(
			(extension) => extension.critical && !UNDERSTOOD_CRITICAL.has(extension.type)
		);
		if (unknown) {
			throw new PkiError(
				'chain_invalid',
				`${certificate.subject} has an unknown critical extension ${unknown.type}`
			);
		}
		if (index === 0) continue;
		const constraints = certificate.getExtension(BasicConstraintsExtension);
		if (!constraints?.ca) {
			throw new PkiError(
				'chain_invalid',
				`${certificate.subject} is not a CA but issued ${chain[index - 1]!.subject}`
			);
		}
		const usages = certificate.getExtension(KeyUsagesExtension);
		if (usages && !(usages.usages & KeyUsageFlags.keyCertSign)) {
			throw new PkiError('chain_invalid', `${certificate.subject} may not sign certificates`);
		}
		// CA certificates below this one, the leaf not counted; a self-issued root is not below anything.
		const below = index - 1;
		if (constraints.pathLength !== undefined && below > constraints.pathLength) {
			throw new PkiError(
				'chain_invalid',
				`${certificate.subject} allows ${constraints.pathLength} CAs below it, not ${below}`
			);
		}
	}
}

// Policy and name constraints are not processed, so a certificate that makes them critical is
// refused rather than half-checked.
const UNDERSTOOD_CRITICAL = new Set([
	'2.5.29.15', // keyUsage
	'2.5.29.19', // basicConstraints
	'2.5.29.17', // subjectAltName
	'2.5.29.37' // extendedKeyUsage
]);

/** Everything the app checks before it offers a .p12 of this chain; each failure has its own code. */
export async function verifyIssuedChain(params: VerifyIssuedChainParams): Promise<IssuedChain> {
	const now = params.now ?? new Date();
	const path = orderChain(parseCertificates(params.chain));
	const leaf = path[0] as X509Certificate;

	const spki = await exportSpki(params.publicKey);
	if (!equalBytes(new Uint8Array(leaf.publicKey.rawData), spki)) {
		throw new PkiError('chain_leaf_key_mismatch', 'the leaf certificate is not for our key');
	}
	let subject: SubjectAttribute[];
	try {
		subject = readName(nameBytes(leaf.subjectName));
	} catch (error) {
		throw new PkiError('chain_subject_mismatch', 'the leaf subject has unexpected attributes', {
			cause: error
		});
	}
	if (!equalSubjects(subject, params.subject)) {
		throw new PkiError('chain_subject_mismatch', 'the leaf subject differs from the order');
	}
	const names = readSubjectAltNames(leaf.extensions);
	if (!names || !equalSubjectAltNames(names, params.subjectAltNames)) {
		throw new PkiError('chain_san_mismatch', 'the leaf names differ from the order');
	}

	checkValidity(path, now);
	const anchors = await trustAnchors(path, params.trustedRoots);
	if (anchors.length === 0) {
		throw new PkiError('chain_untrusted', 'no trusted root for this chain');
	}
	const top = path[path.length - 1] as X509Certificate;
	const root =
		anchors.find((anchor) =>
			equalBytes(new Uint8Array(anchor.rawData), new Uint8Array(top.rawData))
		) ?? anchors.find((anchor) => issues(anchor, top));
	if (!root) throw new PkiError('chain_untrusted', 'the chain does not lead to a trusted root');

	await validatePath(path, root);

	const intermediates = path.slice(1).filter((certificate) => certificate !== root);
	return {
		leaf,
		intermediates,
		root,
		chainDer: [leaf, ...intermediates, root].map(
			(certificate) => new Uint8Array(certificate.rawData)
		)
	};
}
