/**
 * `npx tsx bench/pki.ts`: medians of repeated PKI operations in Node and in headless Chromium,
 * against node-forge (pure JavaScript, in the same Chromium) and the openssl CLI, written to the
 * "## PKI" section of bench/results.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PKCS12_PROFILES } from '../src/lib/pki/pkcs12/index.ts';
import { runInChromium } from './pki-browser.ts';
import { runPkiWorkload, type Timings, type WorkloadConfig } from './pki-workload.ts';
import { median, writeResultsSection } from './results.ts';

const CONFIG: WorkloadConfig = { runs: { fast: 7, slow: 5, forgeKeys: 5 }, forge: true };
const SUBJECT = '/C=NL/O=Bench B.V./serialNumber=00000003123456780000/CN=Bench Applicant';

function timeCommand(runs: number, command: string, args: string[], cwd: string): number[] {
	const durations: number[] = [];
	for (let i = 0; i <= runs; i++) {
		const start = performance.now();
		const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
		const elapsed = performance.now() - start;
		if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
		if (i > 0) durations.push(elapsed);
	}
	return durations;
}

/** The same operations with the openssl CLI, process start included (that is how it is used). */
function runOpenssl(): Timings {
	const dir = mkdtempSync(join(tmpdir(), 'pki-bench-openssl-'));
	const { fast, slow } = CONFIG.runs;
	const openssl = (runs: number, ...args: string[]) => timeCommand(runs, 'openssl', args, dir);
	const timings: Timings = {};
	try {
		for (const bits of [2048, 3072, 4096]) {
			const args = [
				'genpkey',
				'-algorithm',
				'RSA',
				'-pkeyopt',
				`rsa_keygen_bits:${bits}`,
				'-out',
				`rsa${bits}.pem`
			];
			timings[`keygen RSA-${bits}`] = openssl(bits === 4096 ? slow : fast, ...args);
		}
		for (const curve of ['P-256', 'P-384']) {
			const args = [
				'genpkey',
				'-algorithm',
				'EC',
				'-pkeyopt',
				`ec_paramgen_curve:${curve}`,
				'-out',
				`${curve}.pem`
			];
			timings[`keygen ${curve}`] = openssl(fast * 2, ...args);
		}
		for (const [name, key] of [
			['P-256', 'P-256.pem'],
			['RSA-2048', 'rsa2048.pem']
		]) {
			const args = [
				'req',
				'-new',
				'-key',
				key!,
				'-subj',
				SUBJECT,
				'-addext',
				'subjectAltName=email:a@example.nl',
				'-out',
				'req.pem'
			];
			timings[`csr ${name}`] = openssl(fast * 2, ...args);
		}
		openssl(
			0,
			'req',
			'-x509',
			'-key',
			'rsa2048.pem',
			'-subj',
			'/CN=Bench leaf',
			'-days',
			'1',
			'-out',
			'leaf.pem'
		);
		openssl(
			0,
			'req',
			'-x509',
			'-key',
			'P-256.pem',
			'-subj',
			'/CN=Bench CA',
			'-days',
			'1',
			'-out',
			'ca.pem'
		);
		spawnSync('sh', ['-c', 'cat leaf.pem ca.pem > chain.pem'], { cwd: dir });
		const export12 = [
			'pkcs12',
			'-export',
			'-inkey',
			'rsa2048.pem',
			'-in',
			'chain.pem',
			'-passout',
			'pass:Bench-password-2024',
			'-name',
			'Bench',
			'-out',
			'out.p12'
		];
		const { modern, legacy } = PKCS12_PROFILES;
		timings['p12 modern'] = openssl(
			slow,
			...export12,
			'-iter',
			String(modern.encryptionIterations)
		);
		timings['p12 legacy'] = openssl(
			slow,
			...export12,
			...['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'],
			...['-iter', String(legacy.encryptionIterations)]
		);
		return timings;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

const ms = (values: number[] | undefined) => (values ? median(values) : undefined);
const show = (value: number | undefined) =>
	value === undefined ? 'n/a' : value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
const ratio = (a: number | undefined, b: number | undefined) =>
	a === undefined || b === undefined ? 'n/a' : `${(a / b).toFixed(2)}x`;

function table(node: Timings, browser: Timings, openssl: Timings): string {
	const rows = Object.keys(node).filter((name) => !name.startsWith('forge'));
	const forgeOf = (name: string) => browser[`forge ${name}`];
	const lines = [
		'| operation | Node | Chromium | node-forge (Chromium, pure JS) | openssl CLI | Chromium / openssl | forge / Chromium |',
		'| --- | --- | --- | --- | --- | --- | --- |'
	];
	for (const name of rows) {
		const chromium = ms(browser[name]);
		const runs = browser[name]?.length ?? 0;
		lines.push(
			`| ${name} (${runs} runs) | ${show(ms(node[name]))} | ${show(chromium)} | ${show(ms(forgeOf(name)))} | ${show(ms(openssl[name]))} | ${ratio(chromium, ms(openssl[name]))} | ${ratio(ms(forgeOf(name)), chromium)} |`
		);
	}
	return lines.join('\n');
}

function perIteration(timings: Timings, hash: string, iterations: number): string {
	return ((median(timings[`pkcs12 kdf ${hash} x${iterations}`]!) * 1000) / iterations).toFixed(2);
}

function verdicts(browser: Timings, openssl: Timings): string {
	const check = (label: string, ok: boolean) => `- ${label}: ${ok ? 'met' : 'NOT met'}`;
	const chromiumRsa = median(browser['keygen RSA-2048']!);
	const forgeRsa = median(browser['forge keygen RSA-2048']!);
	const lines = [
		check(
			`RSA-2048 key generation in Chromium at least 5x faster than node-forge (${(forgeRsa / chromiumRsa).toFixed(1)}x)`,
			forgeRsa / chromiumRsa >= 5
		),
		check(
			`RSA-2048 key generation in Chromium within 2x of openssl genpkey (${ratio(chromiumRsa, median(openssl['keygen RSA-2048']!))})`,
			chromiumRsa <= 2 * median(openssl['keygen RSA-2048']!)
		)
	];
	for (const profile of ['modern', 'legacy']) {
		const chromium = median(browser[`p12 ${profile}`]!);
		const cli = median(openssl[`p12 ${profile}`]!);
		lines.push(
			check(
				`.p12 build (${profile}) in Chromium within 2x of openssl pkcs12 -export (${ratio(chromium, cli)})`,
				chromium <= 2 * cli
			)
		);
	}
	return lines.join('\n');
}

async function main(): Promise<void> {
	console.log('Node...');
	const node = await runPkiWorkload({ ...CONFIG, forge: false });
	console.log('openssl...');
	const openssl = runOpenssl();
	console.log('Chromium (with node-forge)...');
	const { timings: browser, version } = await runInChromium(CONFIG);
	const { modern, legacy } = PKCS12_PROFILES;
	const opensslVersion = spawnSync('openssl', ['version'], { encoding: 'utf8' }).stdout.trim();
	const body = `Measured ${new Date().toISOString()} by \`npx tsx bench/pki.ts\` on ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, Chromium ${version}, ${opensslVersion}; the machine is shared, so absolute figures are noisy. Medians; one warm-up run each is not counted. .p12 builds use an RSA-2048 key, leaf and intermediate, and the profile counts (modern: PBES2 ${modern.encryptionIterations} / MAC ${modern.macIterations}; legacy: 3DES ${legacy.encryptionIterations} / MAC ${legacy.macIterations}), which \`openssl pkcs12 -export -iter\` reproduces; our build includes the self-check, and its modern file has one PBES2 salt for both bags where OpenSSL draws one per bag (one PBKDF2 instead of two). node-forge writes only the legacy format. Key wrap is PBKDF2-SHA-256 600,000 + AES-256-GCM (no openssl CLI equivalent).

${table(node, browser, openssl)}

Targets:

${verdicts(browser, openssl)}

Where the .p12 build's time goes: WebCrypto has PBKDF2 and AES but neither the PKCS#12 KDF (RFC 7292 appendix B) nor 3DES, so the MAC key (both profiles) and the legacy profile's 3DES keys and IVs are derived in JavaScript, by src/lib/pki/pkcs12/iterated-hash.ts, which scripts/generate-iterated-hash.ts writes fully unrolled: ${perIteration(browser, 'SHA-1', legacy.macIterations)} µs per SHA-1 and ${perIteration(browser, 'SHA-256', modern.macIterations)} µs per SHA-256 iteration in Chromium here (the "pkcs12 kdf" rows). The modern build derives the MAC key while WebCrypto runs its one PBKDF2 derivation (both bags share a salt, as each encryption draws its own IV) off the main thread, and its self-check reuses the build's derivations; the legacy build is all JavaScript (7 x ${legacy.encryptionIterations} SHA-1 iterations: 3 per bag for the 3DES key and IV, 1 for the MAC). node-forge's legacy file does less work, leaving the certificate bags unencrypted (4 derivations instead of 7). WebAssembly would need 'wasm-unsafe-eval' in the Content-Security-Policy, so it is not used.
`;
	await writeResultsSection('PKI', body);
	console.log(body);
}

await main();
