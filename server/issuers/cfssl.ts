/**
 * Issuance by CFSSL (`cfssl serve`): the request goes to /api/v1/cfssl/authsign, authenticated with
 * an HMAC-SHA-256 over the request under a shared key (CFSSL's "standard" auth key), and names a
 * CFSSL signing profile after the product. The subject and names are sent from the order; the CFSSL
 * profile must allow only the public key from the request (`csr_whitelist`), so what CFSSL signs
 * comes from the order even if its own policy is looser. The returned certificate is checked like
 * any chain the app receives, plus the product's key usage and the ordered validity.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type {
	SubjectAttribute,
	SubjectAttributeType
} from '../../src/lib/domain/subject-attributes.ts';
import { encodePem } from '../../src/lib/pki/pem.ts';
import * as x509 from '../../src/lib/pki/x509.ts';
import { addMonths } from '../calendar.ts';
import type { CfsslSettings } from '../config.ts';
import { checkIssuedCertificate } from './check-issued.ts';
import { keyUsageFor } from './usage.ts';
import {
	IssuerRefused,
	IssuerUnavailable,
	type IssuedCertificate,
	type Issuer,
	type LeafRequest
} from './issuer.ts';

/**
 * CFSSL's sign API takes a subject as a common name plus lists of C, ST, L, O and OU, and Go writes
 * them in this fixed order; other attributes (emailAddress, organizationIdentifier) cannot be asked
 * for.
 */
const SUBJECT_ORDER: SubjectAttributeType[] = ['C', 'ST', 'L', 'O', 'OU', 'CN'];
/** A readiness probe must answer before the load balancer gives up on it. */
const READY_TIMEOUT_MS = 2000;

export function cfsslIssuer(settings: CfsslSettings): Issuer {
	const chainPem = readFileSync(settings.chainFile, 'utf8');
	const chain = x509.PemConverter.decode(chainPem).map((der) => new x509.X509Certificate(der));
	const root = chain.at(-1);
	if (!chain[0] || !root) throw new Error(`${settings.chainFile}: no certificates`);
	const authKey = Buffer.from(readFileSync(settings.authKeyFile, 'utf8').trim(), 'hex');
	if (authKey.length < 16)
		throw new Error(`${settings.authKeyFile}: the CFSSL auth key must be at least 16 hex bytes`);
	const endpoint = `${settings.url.replace(/\/+$/, '')}/api/v1/cfssl/authsign`;
	const infoEndpoint = `${settings.url.replace(/\/+$/, '')}/api/v1/cfssl/info`;
	const issuingDer = Buffer.from(chain[0].rawData);

	return {
		name: chain[0].subject,
		chainPem: chain.map((certificate) => certificate.toString('pem')).join('\n') + '\n',
		async issue(request: LeafRequest, now: Date): Promise<IssuedCertificate> {
			const signRequest = Buffer.from(JSON.stringify(cfsslSignRequest(request, now)));
			const body = JSON.stringify({
				token: createHmac('sha256', authKey).update(signRequest).digest('base64'),
				request: signRequest.toString('base64')
			});
			const answer = await post(endpoint, body, settings);
			const der = x509.PemConverter.decodeFirst(answer);
			return checkIssuedCertificate(request, new Uint8Array(der), chainPem, root, now);
		},
		/**
		 * CFSSL's info endpoint answers with the certificate it signs with, which must be the one the
		 * chain file starts with. (Its /health endpoint came with CFSSL 1.3 and says nothing of the
		 * signer.)
		 */
		async ready() {
			const timeoutMs = Math.min(settings.timeoutMs, READY_TIMEOUT_MS);
			const answer = await post(infoEndpoint, '{}', { ...settings, timeoutMs });
			if (!Buffer.from(x509.PemConverter.decodeFirst(answer)).equals(issuingDer))
				throw new Error(
					`CFSSL at ${settings.url} signs with another certificate than the first in ${settings.chainFile}`
				);
		}
	};
}

/** CFSSL before 1.3 ignores not_before/not_after and takes the validity from its profile. */
function cfsslSignRequest(request: LeafRequest, now: Date) {
	return {
		certificate_request: encodePem('CERTIFICATE REQUEST', request.csrDer),
		profile: cfsslProfile(request),
		hosts: request.subjectAltNames.map((name) => name.value),
		subject: cfsslSubject(request.subject),
		not_before: now.toISOString(),
		not_after: addMonths(now, request.validityMonths).toISOString()
	};
}

/**
 * A CFSSL profile fixes its key usage whatever the key, while an RSA key may also get
 * keyEncipherment: so each product has a profile per key usage it can carry.
 */
export function cfsslProfile(request: Pick<LeafRequest, 'profile' | 'keyAlgorithm'>): string {
	const rsa = request.keyAlgorithm.startsWith('RSA');
	return keyUsageFor(request.profile, rsa) & x509.KeyUsageFlags.keyEncipherment
		? `${request.profile.id}-key-encipherment`
		: request.profile.id;
}

function cfsslSubject(subject: SubjectAttribute[]) {
	const unsupported = subject.filter((attribute) => !SUBJECT_ORDER.includes(attribute.type));
	if (unsupported.length > 0) {
		throw new IssuerRefused(
			`CFSSL cannot put ${[...new Set(unsupported.map((attribute) => attribute.type))].join(', ')} in a subject`
		);
	}
	const common = subject.filter((attribute) => attribute.type === 'CN');
	const ranks = subject.map((attribute) => SUBJECT_ORDER.indexOf(attribute.type));
	const inCfsslOrder = ranks.every((rank, index) => (ranks[index - 1] ?? 0) <= rank);
	if (common.length > 1 || !inCfsslOrder) {
		throw new IssuerRefused(
			`CFSSL writes a subject in the order ${SUBJECT_ORDER.join(', ')} with one CN; the order's subject differs`
		);
	}
	return {
		CN: common[0]?.value ?? '',
		names: subject
			.filter((attribute) => attribute.type !== 'CN')
			.map((attribute) => ({ [attribute.type]: attribute.value }))
	};
}

interface CfsslAnswer {
	success?: boolean;
	result?: { certificate?: string };
	errors?: { code?: number; message?: string }[];
}

async function post(endpoint: string, body: string, settings: CfsslSettings): Promise<string> {
	const unavailable = (why: string, cause?: unknown) =>
		new IssuerUnavailable(`CFSSL at ${settings.url} ${why}`, settings.retryAfterSeconds, { cause });
	let response: Response;
	let text: string;
	try {
		response = await fetch(endpoint, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body,
			signal: AbortSignal.timeout(settings.timeoutMs)
		});
		text = await response.text();
	} catch (error) {
		throw unavailable('cannot be reached', error);
	}
	let answer: CfsslAnswer;
	try {
		answer = JSON.parse(text) as CfsslAnswer;
	} catch {
		if (response.status >= 500 || response.status === 429)
			throw unavailable(`answered HTTP ${response.status}`);
		throw new IssuerRefused(`CFSSL answered HTTP ${response.status} without a JSON body`);
	}
	const certificate = answer.result?.certificate;
	if (answer.success === true && typeof certificate === 'string') return certificate;
	const reasons = (answer.errors ?? [])
		.map((error) => `${error.message ?? 'unknown error'} (${error.code ?? '?'})`)
		.join('; ');
	throw new IssuerRefused(`CFSSL refused the request: ${reasons || `HTTP ${response.status}`}`);
}
