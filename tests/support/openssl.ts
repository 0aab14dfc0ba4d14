import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `openssl pkcs12` reading a .p12 with a password (passed through the environment, so any Unicode works). */
export async function opensslReadPkcs12(
	file: string,
	password: string
): Promise<{ keyPem: string; leafPem: string; caPem: string }> {
	const env = { ...process.env, P12_PASSWORD: password };
	const read = async (...args: string[]) =>
		(await run('openssl', ['pkcs12', '-in', file, '-passin', 'env:P12_PASSWORD', ...args], { env }))
			.stdout;
	return {
		keyPem: await read('-nocerts', '-nodes'),
		leafPem: await read('-nokeys', '-clcerts'),
		caPem: await read('-nokeys', '-cacerts')
	};
}

export async function publicKeyOfPrivateKey(keyPem: string): Promise<string> {
	return pipe(['pkey', '-pubout'], keyPem);
}

export async function publicKeyOfCertificate(certificatePem: string): Promise<string> {
	return pipe(['x509', '-pubkey', '-noout'], certificatePem);
}

export function pipe(args: string[], input: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = execFile('openssl', args, (error, stdout, stderr) =>
			error ? reject(new Error(`openssl ${args.join(' ')}: ${stderr}`)) : resolve(stdout)
		);
		child.stdin?.end(input);
	});
}
