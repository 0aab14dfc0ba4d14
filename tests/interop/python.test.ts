/** Python `cryptography` (pkcs12.load_key_and_certificates) opens every .p12 and refuses a wrong password. */
import { describe, expect, it } from 'vitest';
import {
	caseNames,
	useCases,
	FRIENDLY_NAME,
	WRONG_PASSWORD_SUFFIX,
	type P12Case
} from './support/cases.ts';
import { hex, PYTHON, run, spkiOfCertificate } from './support/tools.ts';

const SCRIPT = `
import json, os, sys
from cryptography.hazmat.primitives import serialization as s
from cryptography.hazmat.primitives.serialization import pkcs12
data = open(sys.argv[1], 'rb').read()
password = os.environ['P12_PASSWORD'].encode('utf-8')
try:
    key, cert, extra = pkcs12.load_key_and_certificates(data, password)
except ValueError as error:
    print(json.dumps({'error': str(error)}))
    sys.exit(3)
named = pkcs12.load_pkcs12(data, password)
der = lambda c: c.public_bytes(s.Encoding.DER).hex()
print(json.dumps({
    'keySpki': key.public_key().public_bytes(s.Encoding.DER, s.PublicFormat.SubjectPublicKeyInfo).hex(),
    'leaf': der(cert),
    'extra': [der(c) for c in extra],
    'friendlyName': named.cert.friendly_name.decode('utf-8') if named.cert.friendly_name else None,
}))
`;

const caseNamed = useCases('python', [
	[PYTHON, ['-c', 'import cryptography.hazmat.primitives.serialization.pkcs12']]
]);

function load(c: P12Case, password: string) {
	return run(PYTHON, ['-c', SCRIPT, c.file], { env: { P12_PASSWORD: password } });
}

describe.each(caseNames())('%s', (name) => {
	it('cryptography load_key_and_certificates finds the key, the leaf and the intermediate, and the key matches the leaf', () => {
		const c = caseNamed(name);
		const { status, stdout, stderr } = load(c, c.password);
		expect(status, stderr + stdout).toBe(0);
		const loaded = JSON.parse(stdout) as {
			keySpki: string;
			leaf: string;
			extra: string[];
			friendlyName: string;
		};
		expect(loaded.leaf).toBe(hex(c.leafDer));
		expect(loaded.extra).toEqual([hex(c.intermediateDer)]);
		expect(loaded.keySpki).toBe(hex(spkiOfCertificate(c.leafDer)));
		expect(loaded.friendlyName).toBe(FRIENDLY_NAME);
	});

	it('cryptography load_key_and_certificates refuses a wrong password', () => {
		const c = caseNamed(name);
		const { status, stdout } = load(c, c.password + WRONG_PASSWORD_SUFFIX);
		expect(status).toBe(3);
		expect(stdout).toMatch(/Invalid password or PKCS12 data/);
	});
});
