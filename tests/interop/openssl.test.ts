/** OpenSSL 3 `openssl pkcs12` opens every .p12 with the right password and refuses a wrong one. */
import { describe, expect, it } from 'vitest';
import { caseNames, useCases, WRONG_PASSWORD_SUFFIX, type P12Case } from './support/cases.ts';
import {
	certificateDers,
	hex,
	pemBlocks,
	run,
	spkiOfCertificate,
	spkiOfPrivateKey
} from './support/tools.ts';

const caseNamed = useCases('openssl', [['openssl', ['version']]]);

function openssl(c: P12Case, password: string, ...args: string[]) {
	return run('openssl', ['pkcs12', '-in', c.file, '-passin', 'env:P12_PASSWORD', ...args], {
		env: { P12_PASSWORD: password }
	});
}

describe.each(caseNames())('%s', (name) => {
	it('openssl pkcs12 -info shows the profile algorithms and verifies the MAC', () => {
		const c = caseNamed(name);
		const { status, stderr } = openssl(c, c.password, '-info', '-noout');
		expect(status, stderr).toBe(0);
		if (c.profile === 'modern') {
			expect(stderr).toContain('MAC: sha256');
			expect(stderr).toContain('PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC');
			expect(stderr).toContain('Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC');
			expect(stderr).toContain('PRF hmacWithSHA256');
		} else {
			expect(stderr).toContain('MAC: sha1');
			expect(stderr).toContain('PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC');
			expect(stderr).toContain('Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC');
		}
	});

	it('openssl pkcs12 finds the key, the leaf and the intermediate, and the key matches the leaf', () => {
		const c = caseNamed(name);
		const { status, stdout, stderr } = openssl(c, c.password, '-nodes');
		expect(status, stderr).toBe(0);
		expect(certificateDers(stdout).map(hex).sort()).toEqual(
			[c.leafDer, c.intermediateDer].map(hex).sort()
		);
		const [key] = pemBlocks(stdout, /PRIVATE KEY$/);
		expect(hex(spkiOfPrivateKey(key!))).toBe(hex(spkiOfCertificate(c.leafDer)));
		expect(stdout).toContain('friendlyName: Zo');
	});

	it('openssl pkcs12 refuses a wrong password', () => {
		const c = caseNamed(name);
		const { status, stderr } = openssl(c, c.password + WRONG_PASSWORD_SUFFIX, '-nodes');
		expect(status).not.toBe(0);
		expect(stderr).toMatch(/mac verify failure|invalid password/i);
	});
});
