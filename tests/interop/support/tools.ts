/**
 * Runs the third-party tools the interop tests compare against. Passwords go through the
 * environment or stdin where the tool allows it, and always in a UTF-8 locale, so that non-ASCII
 * passwords reach the tool as the applicant typed them.
 */
import { spawnSync } from 'node:child_process';
import { createPublicKey, createPrivateKey, X509Certificate } from 'node:crypto';

export interface RunResult {
	status: number | null;
	stdout: string;
	stderr: string;
}

export const PYTHON = '/usr/bin/python3';

export function run(
	command: string,
	args: string[],
	options: { input?: string | Uint8Array; env?: Record<string, string> } = {}
): RunResult {
	const result = spawnSync(command, args, {
		input: options.input,
		env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', ...options.env },
		encoding: 'utf8',
		timeout: 60_000,
		maxBuffer: 16 * 1024 * 1024
	});
	if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
	return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Fails loudly (never skips) when a tool the interop suite needs is not installed. */
export function requireTool(command: string, versionArgs: string[] = ['--version']): void {
	const result = spawnSync(command, versionArgs, { encoding: 'utf8', timeout: 30_000 });
	if (result.error) {
		throw new Error(
			`${command} is required by the interop tests but is not installed (${result.error.message})`
		);
	}
}

/** SPKI DER of a PEM/DER private key or certificate, computed by Node's OpenSSL. */
export function spkiOfPrivateKey(key: string | Uint8Array): Uint8Array {
	const privateKey =
		typeof key === 'string'
			? createPrivateKey(key)
			: createPrivateKey({ key: Buffer.from(key), format: 'der', type: 'pkcs8' });
	return new Uint8Array(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));
}

export function spkiOfCertificate(der: Uint8Array): Uint8Array {
	return new Uint8Array(
		new X509Certificate(Buffer.from(der)).publicKey.export({ type: 'spki', format: 'der' })
	);
}

export function pemBlocks(text: string, label: RegExp): string[] {
	const blocks = text.match(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g) ?? [];
	return blocks.filter((block) => label.test(block.slice(11, block.indexOf('-----', 11))));
}

export function certificateDers(text: string): Uint8Array[] {
	return pemBlocks(text, /^CERTIFICATE$/).map(
		(block) => new Uint8Array(new X509Certificate(block).raw)
	);
}

export function hex(bytes: Uint8Array): string {
	return Buffer.from(bytes).toString('hex');
}
