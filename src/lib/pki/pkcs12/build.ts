/**
 * Writes a PFX (RFC 7292 sections 4 and 5) laid out as `openssl pkcs12 -export` lays it out,
 * since that is the file every importer is tested against: an encryptedData ContentInfo with the
 * certificate bags, then a data ContentInfo with the shrouded key bag, then the MAC.
 */
import * as asn1js from 'asn1js';
import type { Pkcs12Profile } from '../../domain/pkcs12-profiles.ts';
import { toArrayBuffer } from '../bytes.ts';
import { toDer, type Asn1 } from '../der.ts';
import { OID } from '../oids.ts';
import { isSelfIssued } from '../chain.ts';
import { X509Certificate } from '../x509.ts';
import { encryptWithPassword } from './encryption.ts';
import { createMacData } from './mac.ts';
import { fitsBuild, preparePkcs12, type PreparedPkcs12 } from './prepared.ts';
import { PKCS12_PROFILES, type Pkcs12ProfileSpec } from './profiles.ts';
import { selfCheckPkcs12 } from './self-check.ts';

export interface BuildPkcs12Params {
	privateKeyPkcs8: Uint8Array;
	/** DER, leaf first. A self-signed root at the end is written only with includeRoot. */
	chain: readonly Uint8Array[];
	password: string;
	friendlyName: string;
	profile: Pkcs12Profile;
	includeRoot?: boolean;
	/** Overrides the profile's iteration counts, for benchmarks and tests only. */
	iterations?: { encryption: number; mac: number };
	/** Keys derived ahead (prepared.ts); used when they fit this password and profile. */
	prepared?: PreparedPkcs12;
}

const explicit0 = (value: Asn1) =>
	new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [value] });
const octets = (bytes: Uint8Array) => new asn1js.OctetString({ valueHex: toArrayBuffer(bytes) });
const oid = (value: string) => new asn1js.ObjectIdentifier({ value });

/** PKCS12Attribute ::= SEQUENCE { attrId, attrValues SET OF }; friendlyName is a BMPString. */
function bagAttributes(friendlyName: string, localKeyId: Uint8Array): Asn1 {
	const attribute = (id: string, value: Asn1) =>
		new asn1js.Sequence({ value: [oid(id), new asn1js.Set({ value: [value] })] });
	return new asn1js.Set({
		value: [
			attribute(OID.friendlyName, new asn1js.BmpString({ value: friendlyName })),
			attribute(OID.localKeyId, octets(localKeyId))
		]
	});
}

function safeBag(bagId: string, bagValue: Asn1, attributes?: Asn1): Asn1 {
	const value: Asn1[] = [oid(bagId), explicit0(bagValue)];
	if (attributes) value.push(attributes);
	return new asn1js.Sequence({ value });
}

function certBag(der: Uint8Array, attributes?: Asn1): Asn1 {
	const bag = new asn1js.Sequence({ value: [oid(OID.x509Certificate), explicit0(octets(der))] });
	return safeBag(OID.certBag, bag, attributes);
}

function dataContentInfo(content: Uint8Array): Asn1 {
	return new asn1js.Sequence({ value: [oid(OID.data), explicit0(octets(content))] });
}

/** RFC 5652 section 8 EncryptedData, version 0, with the content as [0] IMPLICIT OCTET STRING. */
async function encryptedContentInfo(prepared: PreparedPkcs12, content: Uint8Array): Promise<Asn1> {
	const { derivations, spec, password, salts } = prepared;
	const { algorithm, ciphertext } = await encryptWithPassword(
		derivations,
		spec,
		password,
		content,
		salts.certBags
	);
	const encryptedContent = new asn1js.Primitive({
		idBlock: { tagClass: 3, tagNumber: 0 },
		valueHex: toArrayBuffer(ciphertext)
	});
	const encryptedData = new asn1js.Sequence({
		value: [
			new asn1js.Integer({ value: 0 }),
			new asn1js.Sequence({ value: [oid(OID.data), algorithm, encryptedContent] })
		]
	});
	return new asn1js.Sequence({ value: [oid(OID.encryptedData), explicit0(encryptedData)] });
}

function certificatesToWrite(chain: readonly Uint8Array[], includeRoot: boolean): Uint8Array[] {
	const last = chain[chain.length - 1];
	const endsWithRoot =
		chain.length > 1 &&
		last !== undefined &&
		isSelfIssued(new X509Certificate(toArrayBuffer(last)));
	return includeRoot || !endsWithRoot ? [...chain] : chain.slice(0, -1);
}

/** The .p12, already parsed back and checked with the password (selfCheckPkcs12). */
export async function buildPkcs12(params: BuildPkcs12Params): Promise<Uint8Array> {
	const base = PKCS12_PROFILES[params.profile];
	const profile: Pkcs12ProfileSpec = params.iterations
		? {
				...base,
				encryptionIterations: params.iterations.encryption,
				macIterations: params.iterations.mac
			}
		: base;
	const certificates = certificatesToWrite(params.chain, params.includeRoot ?? false);
	const [leaf, ...others] = certificates;
	if (!leaf) throw new TypeError('buildPkcs12 needs at least the leaf certificate');

	// OpenSSL's choice of localKeyId, the SHA-1 of the leaf, which pairs key and leaf for importers.
	const localKeyId = new Uint8Array(await crypto.subtle.digest('SHA-1', toArrayBuffer(leaf)));
	const attributes = () => bagAttributes(params.friendlyName, localKeyId);

	const certSafe = new asn1js.Sequence({
		value: [certBag(leaf, attributes()), ...others.map((der) => certBag(der))]
	});
	const { password } = params;
	const prepared = await preparedFor(params.prepared, password, profile);
	const [shroudedKey, encryptedCerts] = await Promise.all([
		prepared.shroudKey(params.privateKeyPkcs8),
		encryptedContentInfo(prepared, toDer(certSafe))
	]);

	const { algorithm, ciphertext } = shroudedKey;
	const keyBag = new asn1js.Sequence({ value: [algorithm, octets(ciphertext)] });
	const keySafe = new asn1js.Sequence({
		value: [safeBag(OID.pkcs8ShroudedKeyBag, keyBag, attributes())]
	});
	const authSafe = toDer(
		new asn1js.Sequence({ value: [encryptedCerts, dataContentInfo(toDer(keySafe))] })
	);
	const { derivations, salts } = prepared;
	const macData = await createMacData(
		derivations,
		profile.macHash,
		password,
		salts.mac,
		profile.macIterations,
		authSafe
	);
	const pfx = toDer(
		new asn1js.Sequence({
			value: [new asn1js.Integer({ value: 3 }), dataContentInfo(authSafe), macData]
		})
	);
	const selfCheckStart = performance.now();
	await selfCheckPkcs12(pfx, password, { leafDer: leaf, certificates }, derivations);
	performance.measure('pkcs12 self-check', { start: selfCheckStart });
	return pfx;
}

/** The keys derived ahead when they fit and were derived; else derived now, the same way. */
async function preparedFor(
	ahead: PreparedPkcs12 | undefined,
	password: string,
	profile: Pkcs12ProfileSpec
): Promise<PreparedPkcs12> {
	if (ahead && fitsBuild(ahead, password, profile) && (await ahead.ready)) return ahead;
	return preparePkcs12(password, profile);
}
