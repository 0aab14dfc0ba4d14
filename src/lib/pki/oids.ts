/** Object identifiers this library writes or recognizes, with the standard that assigns each. */
export const OID = {
	// RFC 8017 appendix A.1, RFC 5480 section 2.1.1
	rsaEncryption: '1.2.840.113549.1.1.1',
	// RFC 4055 sections 2.2 and 3.1: the RSASSA-PSS signature (and key) and its mask generation
	rsassaPss: '1.2.840.113549.1.1.10',
	mgf1: '1.2.840.113549.1.1.8',
	ecPublicKey: '1.2.840.10045.2.1',
	secp256r1: '1.2.840.10045.3.1.7',
	secp384r1: '1.3.132.0.34',
	// RFC 8018 appendices A.2, A.4, B.1.2, B.2.5
	pbkdf2: '1.2.840.113549.1.5.12',
	pbes2: '1.2.840.113549.1.5.13',
	hmacWithSha256: '1.2.840.113549.2.9',
	aes256Cbc: '2.16.840.1.101.3.4.1.42',
	// RFC 8017 appendix B.1 / NIST CSOR
	sha1: '1.3.14.3.2.26',
	sha256: '2.16.840.1.101.3.4.2.1',
	sha384: '2.16.840.1.101.3.4.2.2',
	sha512: '2.16.840.1.101.3.4.2.3',
	// RFC 7292 appendix C and D
	pbeWithShaAnd3KeyTripleDesCbc: '1.2.840.113549.1.12.1.3',
	keyBag: '1.2.840.113549.1.12.10.1.1',
	pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
	certBag: '1.2.840.113549.1.12.10.1.3',
	x509Certificate: '1.2.840.113549.1.9.22.1',
	// RFC 2985 sections 5.4.2 and 5.5
	extensionRequest: '1.2.840.113549.1.9.14',
	friendlyName: '1.2.840.113549.1.9.20',
	localKeyId: '1.2.840.113549.1.9.21',
	// RFC 5280 section 4.2.1.6
	subjectAltName: '2.5.29.17',
	// RFC 5652 sections 4, 5, 8
	data: '1.2.840.113549.1.7.1',
	signedData: '1.2.840.113549.1.7.2',
	encryptedData: '1.2.840.113549.1.7.6'
} as const;
