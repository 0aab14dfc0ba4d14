/** The issuer the configuration asks for: CFSSL when `CFSSL_URL` is set, else the built-in CA. */
import { loadOrCreateCa, type IssuingCa } from '../ca/authority.ts';
import { issueLeaf, type CaUrls } from '../ca/issue.ts';
import { assertCaSigns } from '../ca/self-check.ts';
import type { Config } from '../config.ts';
import { cfsslIssuer } from './cfssl.ts';
import type { Issuer } from './issuer.ts';

export async function loadIssuer(config: Config): Promise<Issuer> {
	if (config.cfssl) return cfsslIssuer(config.cfssl);
	const { issuerUrl, ocspUrl, crlUrl } = config.ca;
	return builtInIssuer(await loadOrCreateCa(config), { issuerUrl, ocspUrl, crlUrl });
}

// A load balancer polls readiness every few seconds; signing every time would be CPU for nothing.
const SIGNING_CHECK_VALID_MS = 30_000;

export function builtInIssuer(ca: IssuingCa, urls: CaUrls): Issuer {
	let signedAt = -Infinity;
	return {
		name: ca.certificate.subject,
		chainPem: ca.chainPem,
		issue: (request, now) => issueLeaf(ca, request, urls, now),
		async ready() {
			if (performance.now() - signedAt < SIGNING_CHECK_VALID_MS) return;
			assertCaSigns(ca);
			signedAt = performance.now();
		}
	};
}
