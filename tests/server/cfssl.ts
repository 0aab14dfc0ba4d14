/**
 * A real `cfssl serve` for the tests: a root and an issuing CA made for the test run, signing
 * profiles for the products, an HMAC auth key, on 127.0.0.1 with a free port. It can be stopped
 * and started again on the same port, as a CA that goes down and comes back.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../../server/free-port.ts';

export interface Cfssl {
	url: string;
	dir: string;
	/** Environment that points the pickup server at this CFSSL. */
	env: Record<string, string>;
	rootPem: string;
	stop: () => Promise<void>;
	start: () => Promise<void>;
	dispose: () => Promise<void>;
}

const HOURS_PER_YEAR = 8760;

/** Usages per CFSSL profile name, as the issuer names them (see server/issuers/cfssl.ts). */
const PROFILES: Record<string, string[]> = {
	'tls-server': ['digital signature', 'server auth', 'client auth'],
	'tls-server-key-encipherment': [
		'digital signature',
		'key encipherment',
		'server auth',
		'client auth'
	]
};

export async function startCfssl(): Promise<Cfssl> {
	const dir = mkdtempSync(join(tmpdir(), 'cfssl-'));
	const write = (name: string, value: unknown) =>
		writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
	const cfssljson = (args: string[], bare: string) => {
		const json = execFileSync('cfssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] });
		execFileSync('cfssljson', ['-bare', bare], { cwd: dir, input: json });
	};
	const key = { algo: 'ecdsa', size: 256 };
	write('root-csr.json', {
		CN: 'Test CFSSL Root',
		key,
		names: [{ O: 'Test CFSSL' }],
		ca: { expiry: `${10 * HOURS_PER_YEAR}h` }
	});
	cfssljson(['gencert', '-initca', 'root-csr.json'], 'root');
	write('issuing-csr.json', { CN: 'Test CFSSL Issuing CA', key, names: [{ O: 'Test CFSSL' }] });
	write('root-config.json', {
		signing: {
			profiles: {
				intermediate: {
					expiry: `${5 * HOURS_PER_YEAR}h`,
					usages: ['cert sign', 'crl sign'],
					ca_constraint: { is_ca: true, max_path_len: 0, max_path_len_zero: true }
				}
			}
		}
	});
	cfssljson(
		[
			'gencert',
			'-ca',
			'root.pem',
			'-ca-key',
			'root-key.pem',
			'-config',
			'root-config.json',
			'-profile',
			'intermediate',
			'issuing-csr.json'
		],
		'issuing'
	);
	const authKey = randomBytes(16).toString('hex');
	write('auth-key.hex', authKey);
	const profile = (usages: string[]) => ({
		auth_key: 'pickup',
		expiry: `${HOURS_PER_YEAR}h`,
		usages,
		// Only the key comes from the request: subject and names come from the pickup server.
		csr_whitelist: { public_key: true, public_key_algorithm: true, signature_algorithm: true }
	});
	write('serve-config.json', {
		signing: {
			default: profile(['digital signature']),
			profiles: Object.fromEntries(
				Object.entries(PROFILES).map(([name, usages]) => [name, profile(usages)])
			)
		},
		auth_keys: { pickup: { type: 'standard', key: authKey } }
	});
	const rootPem = readFileSync(join(dir, 'root.pem'), 'utf8');
	write('chain.pem', readFileSync(join(dir, 'issuing.pem'), 'utf8') + rootPem);
	const port = await freePort();
	let child: ChildProcess | undefined;
	const cfssl: Cfssl = {
		url: `http://127.0.0.1:${port}`,
		dir,
		rootPem,
		env: {
			CFSSL_URL: `http://127.0.0.1:${port}`,
			CFSSL_AUTH_KEY_FILE: join(dir, 'auth-key.hex'),
			CFSSL_CHAIN_FILE: join(dir, 'chain.pem'),
			CFSSL_RETRY_AFTER_SECONDS: '7'
		},
		start: async () => {
			child = await serve(dir, port);
			await acceptsConnections(port);
		},
		stop: async () => {
			const running = child;
			child = undefined;
			if (!running || running.exitCode !== null) return;
			await new Promise((resolve) => {
				running.once('exit', resolve);
				running.kill('SIGTERM');
			});
		},
		dispose: async () => {
			await cfssl.stop();
			rmSync(dir, { recursive: true, force: true });
		}
	};
	await cfssl.start();
	return cfssl;
}

async function serve(dir: string, port: number): Promise<ChildProcess> {
	const child = spawn(
		'cfssl',
		[
			'serve',
			'-address',
			'127.0.0.1',
			'-port',
			String(port),
			'-ca',
			'issuing.pem',
			'-ca-key',
			'issuing-key.pem',
			'-config',
			'serve-config.json'
		],
		{ cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] }
	);
	let log = '';
	await new Promise<void>((resolve, reject) => {
		child.stderr?.on('data', (chunk: Buffer) => {
			log += chunk.toString();
			if (log.includes('Now listening on')) resolve();
		});
		child.once('exit', (code) => reject(new Error(`cfssl serve exited with ${code}:\n${log}`)));
	});
	return child;
}

/** cfssl logs "Now listening on" before it binds the port, so a request right after it can miss. */
async function acceptsConnections(port: number): Promise<void> {
	for (let attempt = 0; ; attempt++) {
		const connected = await new Promise<boolean>((resolve) => {
			const socket = connect(port, '127.0.0.1');
			socket.once('connect', () => {
				socket.destroy();
				resolve(true);
			});
			socket.once('error', () => resolve(false));
		});
		if (connected) return;
		if (attempt === 200) throw new Error(`cfssl serve never accepted a connection on ${port}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
