/**
 * Java 17 `keytool` opens every .p12 with an ASCII password: it lists the key entry with its
 * chain, and signs a request with the key (`-certreq`) that verifies under the leaf's public key.
 *
 * With a non-ASCII password Java cannot open any PKCS#12 file: its PBE SecretKeyFactory
 * (com.sun.crypto.provider.PBEKey) refuses non-ASCII passwords ("Password is not ASCII") before
 * any decryption. Those cases assert that our file fails exactly as OpenSSL's own export of the
 * same key and chain does, so that a regression on our side would still show.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	caseNames,
	useCases,
	FRIENDLY_NAME,
	PASSWORDS,
	WRONG_PASSWORD_SUFFIX,
	type P12Case
} from './support/cases.ts';
import { run } from './support/tools.ts';

const caseNamed = useCases('keytool', [
	['keytool', ['-help']],
	['openssl', ['version']]
]);

/**
 * The JVM of each keytool run only starts, opens one file and ends: the client compiler alone and
 * the serial collector halve its CPU time (the JIT and GC threads otherwise cost more than the work).
 */
const QUICK_JVM = ['-J-XX:TieredStopAtLevel=1', '-J-XX:+UseSerialGC'];

function keytool(file: string, password: string, ...args: string[]) {
	return run(
		'keytool',
		[
			...QUICK_JVM,
			...args,
			'-keystore',
			file,
			'-storetype',
			'PKCS12',
			'-storepass:env',
			'P12_PASSWORD'
		],
		{
			env: { P12_PASSWORD: password }
		}
	);
}

const fingerprint = (der: Uint8Array) =>
	createHash('sha256')
		.update(der)
		.digest('hex')
		.toUpperCase()
		.replace(/(..)(?!$)/g, '$1:');

/** OpenSSL's export of the same key and chain with the same password and profile. */
function opensslReference(c: P12Case): string {
	const env = { P12_PASSWORD: c.password };
	const pem = run('openssl', ['pkcs12', '-in', c.file, '-passin', 'env:P12_PASSWORD', '-nodes'], {
		env
	});
	expect(pem.status, pem.stderr).toBe(0);
	const legacy = ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'];
	const pemFile = `${c.dir}-openssl-reference.pem`;
	writeFileSync(pemFile, pem.stdout);
	const file = `${c.dir}-openssl-reference.p12`;
	const exported = run(
		'openssl',
		[
			'pkcs12',
			'-export',
			'-in',
			pemFile,
			'-out',
			file,
			'-passout',
			'env:P12_PASSWORD',
			...(c.profile === 'legacy' ? legacy : [])
		],
		{ env }
	);
	expect(exported.status, exported.stderr).toBe(0);
	return file;
}

describe.each(caseNames())('%s', (name) => {
	const ascii = name.includes(' ascii ');

	if (ascii) {
		it('keytool -list shows one key entry named by friendlyName with the leaf and the intermediate', () => {
			const c = caseNamed(name);
			const { status, stdout, stderr } = keytool(c.file, c.password, '-list', '-v');
			expect(status, stdout + stderr).toBe(0);
			expect(stdout).toContain(`Alias name: ${FRIENDLY_NAME.toLowerCase()}`);
			expect(stdout).toContain('Entry type: PrivateKeyEntry');
			expect(stdout).toContain('Certificate chain length: 2');
			expect(stdout).toContain(`SHA256: ${fingerprint(c.leafDer)}`);
			expect(stdout).toContain(`SHA256: ${fingerprint(c.intermediateDer)}`);
		});

		it('keytool -certreq signs with the key, and the request verifies under the leaf key', () => {
			const c = caseNamed(name);
			const request = keytool(
				c.file,
				c.password,
				'-certreq',
				'-alias',
				FRIENDLY_NAME,
				'-keypass:env',
				'P12_PASSWORD'
			);
			expect(request.status, request.stderr).toBe(0);
			const verify = run('openssl', ['req', '-verify', '-noout', '-pubkey'], {
				input: request.stdout
			});
			expect(verify.status, verify.stderr).toBe(0);
			expect(verify.stderr + verify.stdout).toContain('verify OK');
			const leafKey = run('openssl', ['x509', '-inform', 'DER', '-pubkey', '-noout'], {
				input: c.leafDer
			});
			expect(verify.stdout).toBe(leafKey.stdout);
		});
	} else {
		it('keytool refuses the non-ASCII password exactly as it refuses OpenSSL’s own export (Java limitation)', () => {
			const c = caseNamed(name);
			expect(c.password).toBe(PASSWORDS['non-ASCII']);
			const ours = keytool(c.file, c.password, '-list');
			const reference = keytool(opensslReference(c), c.password, '-list');
			expect(reference.status).not.toBe(0);
			expect(ours.status).toBe(reference.status);
			expect(ours.stdout + ours.stderr).toBe(reference.stdout + reference.stderr);
		});
	}

	it('keytool refuses a wrong password', () => {
		const c = caseNamed(name);
		const { status, stdout, stderr } = keytool(c.file, c.password + WRONG_PASSWORD_SUFFIX, '-list');
		expect(status).not.toBe(0);
		expect(stdout + stderr).toContain('keystore password was incorrect');
	});
});
