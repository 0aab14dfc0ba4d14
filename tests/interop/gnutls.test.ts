/** GnuTLS `certtool --p12-info` opens every .p12 with the right password and refuses a wrong one. */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	caseNames,
	useCases,
	FRIENDLY_NAME,
	WRONG_PASSWORD_SUFFIX,
	type P12Case
} from './support/cases.ts';
import { certificateDers, hex, pemBlocks, run, spkiOfCertificate } from './support/tools.ts';

const caseNamed = useCases('gnutls', [['certtool', ['--version']]]);

function p12Info(c: P12Case, password: string) {
	return run('certtool', ['--p12-info', '--inder', '--infile', c.file, '--password', password]);
}

describe.each(caseNames())('%s', (name) => {
	it('certtool --p12-info finds the key, the leaf and the intermediate, and the key matches the leaf', () => {
		const c = caseNamed(name);
		const { status, stdout, stderr } = p12Info(c, c.password);
		expect(status, stderr).toBe(0);
		expect(stdout).toContain(c.profile === 'modern' ? 'PBES2-AES256-CBC' : 'PKCS12-3DES-SHA1');
		expect(stdout).toContain(`MAC: ${c.profile === 'modern' ? 'SHA256' : 'SHA1'}`);
		expect(stdout).toContain(`Friendly name: ${FRIENDLY_NAME}`);
		expect(certificateDers(stdout).map(hex).sort()).toEqual(
			[c.leafDer, c.intermediateDer].map(hex).sort()
		);

		// The key is printed still encrypted; certtool decrypts it and prints its public key ID.
		const [encryptedKey] = pemBlocks(stdout, /^ENCRYPTED PRIVATE KEY$/);
		expect(encryptedKey).toBeDefined();
		const keyFile = `${c.dir}-gnutls-key.pem`;
		writeFileSync(keyFile, encryptedKey!);
		const key = run('certtool', [
			'--key-info',
			'--pkcs8',
			'--password',
			c.password,
			'--infile',
			keyFile
		]);
		expect(key.status, key.stderr).toBe(0);
		const leafKeyId = createHash('sha256').update(spkiOfCertificate(c.leafDer)).digest('hex');
		expect(key.stdout).toContain(`sha256:${leafKeyId}`);
	});

	it('certtool --p12-info refuses a wrong password', () => {
		const c = caseNamed(name);
		const { status, stderr } = p12Info(c, c.password + WRONG_PASSWORD_SUFFIX);
		expect(status).not.toBe(0);
		// A wrong key leaves valid CBC padding about once in 256 tries; certtool then reads on and
		// refuses at the MAC check, which it words in full.
		expect(stderr).toMatch(
			/MAC verification failed|Message Authentication Code verification failed|Decryption has failed/
		);
	});
});
