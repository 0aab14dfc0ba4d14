/** Reads a PFX (RFC 7292) in password privacy and password integrity mode, as all importers do. */
import * as asn1js from 'asn1js';
import { equalBytes } from '../bytes.ts';
import { assertMaxSize, PkiError } from '../errors.ts';
import { DerReader, type Asn1 } from '../der.ts';
import { OID } from '../oids.ts';
import { Derivations } from './derivations.ts';
import { decryptWithPassword } from './encryption.ts';
import { verifyMacData } from './mac.ts';

export const MAX_PKCS12_BYTES = 1024 * 1024;

export interface Pkcs12Contents {
	privateKeyPkcs8: Uint8Array;
	/** All certificates, in file order. */
	certificates: Uint8Array[];
	/** The key bag's friendlyName. */
	friendlyName?: string;
	/** The key bag's localKeyId. */
	localKeyId?: Uint8Array;
	/** The certificate whose localKeyId equals the key's: the importer's choice of leaf. */
	leaf?: Uint8Array;
}

interface BagAttributes {
	friendlyName?: string;
	localKeyId?: Uint8Array;
}

const der: DerReader = new DerReader('pkcs12_malformed', 'PKCS#12');

function readAttributes(node: Asn1 | undefined): BagAttributes {
	const attributes: BagAttributes = {};
	if (!node) return attributes;
	for (const attribute of der.set(node)) {
		const [id, values] = der.sequence(attribute, 2, 2);
		const [value] = der.set(values, 1);
		switch (der.oid(id)) {
			case OID.friendlyName:
				if (!(value instanceof asn1js.BmpString)) der.fail('friendlyName is not a BMPString');
				attributes.friendlyName = value.getValue();
				break;
			case OID.localKeyId:
				attributes.localKeyId = der.octets(value);
				break;
		}
	}
	return attributes;
}

interface Bags {
	keys: (BagAttributes & { pkcs8: Uint8Array })[];
	certificates: (BagAttributes & { der: Uint8Array })[];
}

async function readSafeContents(
	derivations: Derivations,
	bytes: Uint8Array,
	password: string,
	bags: Bags
): Promise<void> {
	for (const bag of der.sequence(der.parse(bytes))) {
		const [bagId, bagValue, attributeSet] = der.sequence(bag, 2, 3);
		const value = der.explicit(bagValue, 0);
		const attributes = readAttributes(attributeSet);
		switch (der.oid(bagId)) {
			case OID.pkcs8ShroudedKeyBag: {
				const [algorithm, encrypted] = der.sequence(value, 2, 2);
				const pkcs8 = await decryptWithPassword(
					derivations,
					der,
					algorithm,
					password,
					der.octets(encrypted)
				);
				der.sequence(der.parse(pkcs8), 3);
				bags.keys.push({ ...attributes, pkcs8 });
				break;
			}
			case OID.keyBag:
				bags.keys.push({ ...attributes, pkcs8: der.raw(value) });
				break;
			case OID.certBag: {
				const [certId, certValue] = der.sequence(value, 2, 2);
				// sdsiCertificate and other types are never part of an X.509 chain.
				if (der.oid(certId) === OID.x509Certificate) {
					bags.certificates.push({ ...attributes, der: der.octets(der.explicit(certValue, 0)) });
				}
				break;
			}
		}
	}
}

async function readContentInfo(
	derivations: Derivations,
	contentInfo: Asn1,
	password: string,
	bags: Bags
): Promise<void> {
	const [contentType, content] = der.sequence(contentInfo, 2, 2);
	switch (der.oid(contentType)) {
		case OID.data:
			return readSafeContents(derivations, der.octets(der.explicit(content, 0)), password, bags);
		case OID.encryptedData: {
			const [, encryptedContentInfo] = der.sequence(der.explicit(content, 0), 2, 3);
			const [, algorithm, encrypted] = der.sequence(encryptedContentInfo, 3, 3);
			const plaintext = await decryptWithPassword(
				derivations,
				der,
				algorithm,
				password,
				der.implicitOctets(encrypted, 0)
			);
			return readSafeContents(derivations, plaintext, password, bags);
		}
		default:
			throw new PkiError(
				'pkcs12_unsupported',
				'public-key privacy mode (envelopedData) is not supported'
			);
	}
}

/**
 * Exactly one private key is expected: that is what a certificate pickup produces and imports.
 * `derivations` is for buildPkcs12's self-check only (see derivations.ts).
 */
export async function readPkcs12(
	input: Uint8Array,
	password: string,
	derivations = new Derivations()
): Promise<Pkcs12Contents> {
	assertMaxSize(input, MAX_PKCS12_BYTES, 'PKCS#12 file');
	const [version, authSafe, macData] = der.sequence(der.parse(input), 2, 3);
	if (der.smallInteger(version, 255) !== 3)
		throw new PkiError('pkcs12_unsupported', 'PFX version is not 3');
	const [contentType, content] = der.sequence(authSafe, 2, 2);
	if (der.oid(contentType) !== OID.data) {
		throw new PkiError(
			'pkcs12_unsupported',
			'public-key integrity mode (signedData) is not supported'
		);
	}
	const authSafeBytes = der.octets(der.explicit(content, 0));
	if (macData) await verifyMacData(derivations, der, macData, password, authSafeBytes);

	const bags: Bags = { keys: [], certificates: [] };
	for (const contentInfo of der.sequence(der.parse(authSafeBytes))) {
		await readContentInfo(derivations, contentInfo, password, bags);
	}
	const [key] = bags.keys;
	if (!key || bags.keys.length > 1) {
		throw new PkiError('pkcs12_unsupported', `expected one private key, found ${bags.keys.length}`);
	}
	const keyId = key.localKeyId;
	const leaf =
		keyId && bags.certificates.find((c) => c.localKeyId && equalBytes(c.localKeyId, keyId));
	return {
		privateKeyPkcs8: key.pkcs8,
		certificates: bags.certificates.map((c) => c.der),
		friendlyName: key.friendlyName,
		localKeyId: keyId,
		leaf: leaf?.der
	};
}
