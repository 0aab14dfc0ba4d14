/**
 * `npm run bench:server`: complete pickups (summary, session with the pickup-password check at the
 * configured scrypt cost, P-256 request, issuance, fetch, acknowledgement) and, separately,
 * issuance alone with sessions already open, against the real server process over loopback with up
 * to 50 concurrent keep-alive clients. Each is run twice: closed loop for the highest throughput,
 * and open loop at the target rate for latency (latency at saturation only measures the queue:
 * with 50 clients always waiting, mean latency is 50 / throughput by Little's law).
 * Writes the "## Server" section of bench/results.md.
 *
 * Set-up is not timed: orders are inserted directly (sharing one pickup-password hash, so creating
 * thousands of them does not cost thousands of scrypt runs) and requests are made beforehand, since
 * key generation happens in applicants' browsers, not on the server.
 */
import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeResultsSection } from '../../bench/results.ts';
import { createCsr } from '../../src/lib/pki/csr.ts';
import { generateKeyPair } from '../../src/lib/pki/keys.ts';
import { loadConfig, type Config } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { createOrder } from '../orders/operator.ts';
import { openSession } from '../orders/sessions.ts';
import { hashPickupPassword, verifyPickupPassword } from '../secrets.ts';
import { startServerProcess, type ServerProcess } from '../server-process.ts';
import { Client, percentile, runJobs, type RunResult } from './load.ts';

const CLIENTS = 50;
const TARGET_PICKUPS = 40;
const TARGET_ISSUANCES = 300;
const TARGET_P99_MS = 250;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const PASSWORD = 'bench pickup password';
const AGREEMENT = 'subscriber-2026-01';
const SUBJECT = [
	{ type: 'C' as const, value: 'BE' },
	{ type: 'CN' as const, value: 'Bench Applicant' },
	{ type: 'emailAddress' as const, value: 'bench@example.org' }
];
const SANS = [{ type: 'email' as const, value: 'bench@example.org' }];

interface Prepared {
	orderId: string;
	linkSecret: string;
	csr: string;
	token?: string;
}

interface Measured {
	name: string;
	run: RunResult;
	requests: number[];
	cpuMsPerJob: number;
}

const dataDir = mkdtempSync(join(tmpdir(), 'pickup-bench-'));
const env = {
	DATA_DIR: dataDir,
	PORT: '0',
	HOST: '127.0.0.1',
	BUILD_DIR: join(dataDir, 'no-build'),
	RATE_LIMIT_ADDRESS_PER_MINUTE: '0',
	RATE_LIMIT_ORDER_PER_MINUTE: '0'
};
const config = loadConfig({ ...process.env, ...env });

try {
	const scryptMs = await scryptCost(config);
	console.log(
		`scrypt 2^${config.scrypt.log2N}, r=${config.scrypt.r}, p=${config.scrypt.p}: ${scryptMs.toFixed(1)} ms per check`
	);
	const server = await startServerProcess(env);
	const client = new Client(server.url, CLIENTS);
	const pickupJob = (order: Prepared) => pickup(client, order);
	const issueJob = async (order: Prepared) => {
		await client.call(
			'POST',
			`/api/v1/orders/${order.orderId}/certificate-request`,
			200,
			{ csr: order.csr, agreementVersion: AGREEMENT },
			order.token
		);
	};
	console.log('warming up...');
	await runJobs(await prepare(100, false), CLIENTS, pickupJob);
	const results: Measured[] = [];
	const measure = async (
		name: string,
		jobs: Prepared[],
		job: (order: Prepared) => Promise<void>,
		perSecond?: number
	) => {
		console.log(`${name}: ${jobs.length} jobs...`);
		client.latencies.length = 0;
		const cpuBefore = serverCpuMs(server);
		const run = await runJobs(jobs, CLIENTS, job, perSecond);
		results.push({
			name,
			run,
			requests: client.latencies.splice(0),
			cpuMsPerJob: (serverCpuMs(server) - cpuBefore) / jobs.length
		});
	};
	await measure(
		'complete pickups, closed loop',
		await prepare(TARGET_PICKUPS * SECONDS, false),
		pickupJob
	);
	await measure(
		`complete pickups at ${TARGET_PICKUPS}/s`,
		await prepare(TARGET_PICKUPS * SECONDS, false),
		pickupJob,
		TARGET_PICKUPS
	);
	await measure('issuance alone, closed loop', await prepare(TARGET_ISSUANCES * 5, true), issueJob);
	await measure(
		`issuance alone at ${TARGET_ISSUANCES}/s`,
		await prepare(TARGET_ISSUANCES * 5, true),
		issueJob,
		TARGET_ISSUANCES
	);
	const peak = peakRssMb(server);
	client.close();
	await server.stop();
	const report = render(scryptMs, results, peak);
	console.log(report);
	await writeResultsSection('Server', report);
} finally {
	rmSync(dataDir, { recursive: true, force: true });
}

async function pickup(client: Client, order: Prepared): Promise<void> {
	const base = `/api/v1/orders/${order.orderId}`;
	await client.call('POST', `${base}/summary`, 200, { linkSecret: order.linkSecret });
	const session = await client.call('POST', `${base}/session`, 200, {
		linkSecret: order.linkSecret,
		pickupPassword: PASSWORD
	});
	const token = (JSON.parse(session.body) as { sessionToken: string }).sessionToken;
	await client.call(
		'POST',
		`${base}/certificate-request`,
		200,
		{ csr: order.csr, agreementVersion: AGREEMENT },
		token
	);
	await client.call('GET', `${base}/certificate`, 200, undefined, token);
	await client.call('POST', `${base}/collected`, 204, undefined, token);
}

async function prepare(count: number, withSession: boolean): Promise<Prepared[]> {
	const db = openDatabase(config.dataDir);
	const hash = await hashPickupPassword(PASSWORD, config.scrypt);
	const prepared: Prepared[] = [];
	try {
		for (let i = 0; i < count; i++) {
			const created = await createOrder(
				{ db, config, hashPassword: async () => hash },
				{
					subject: SUBJECT,
					pickupPassword: PASSWORD,
					keyAllowed: ['P-256'],
					keyRecommended: 'P-256'
				}
			);
			const csr = await createCsr({
				keys: await generateKeyPair('P-256'),
				subject: SUBJECT,
				subjectAltNames: SANS
			});
			const token = withSession
				? openSession(db, created.order.id, 3600, new Date()).sessionToken
				: undefined;
			prepared.push({ orderId: created.order.id, linkSecret: created.linkSecret, csr, token });
		}
	} finally {
		db.close();
	}
	return prepared;
}

async function scryptCost(config: Config): Promise<number> {
	const hash = await hashPickupPassword(PASSWORD, config.scrypt);
	const runs = 20;
	const started = performance.now();
	for (let i = 0; i < runs; i++) await verifyPickupPassword(PASSWORD, hash);
	return (performance.now() - started) / runs;
}

/** User + system CPU time of the server process, all threads (Linux /proc, clock ticks of 10 ms). */
function serverCpuMs(server: ServerProcess): number {
	const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** VmHWM: the server process's peak resident memory (Linux). */
function peakRssMb(server: ServerProcess): number {
	const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
	return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

function render(scryptMs: number, results: Measured[], peakMb: number): string {
	const ms = (value: number) => `${value.toFixed(0)} ms`;
	const rate = ({ run }: Measured) => (run.jobs - run.errors.length) / run.seconds;
	const memoryMib = (128 * 2 ** config.scrypt.log2N * config.scrypt.r * config.scrypt.p) / 2 ** 20;
	const rows = results.map((result) => {
		const { name, run, requests, cpuMsPerJob } = result;
		return `| ${name} | ${run.jobs} | ${run.errors.length} | ${rate(result).toFixed(1)} | ${ms(percentile(run.jobLatencies, 50))} / ${ms(percentile(run.jobLatencies, 99))} | ${ms(percentile(requests, 50))} / ${ms(percentile(requests, 99))} | ${cpuMsPerJob.toFixed(1)} ms | ${((cpus().length * 1000) / cpuMsPerJob).toFixed(0)} |`;
	});
	const [pickupMax, pickupPaced, issueMax, issuePaced] = results;
	const met = (ok: boolean) => (ok ? 'met' : '**not met**');
	const errors = results.flatMap(({ run }) => run.errors);
	const p99 = (result: Measured | undefined) => percentile(result?.requests ?? [], 99);
	const verdicts = [
		`≥ ${TARGET_PICKUPS} complete pickups/s: ${met(pickupMax !== undefined && rate(pickupMax) >= TARGET_PICKUPS)}`,
		`≥ ${TARGET_ISSUANCES} issuances/s: ${met(issueMax !== undefined && rate(issueMax) >= TARGET_ISSUANCES)}`,
		`p99 < ${TARGET_P99_MS} ms per request at ${TARGET_PICKUPS} pickups/s: ${met(p99(pickupPaced) < TARGET_P99_MS)}`,
		`p99 < ${TARGET_P99_MS} ms at ${TARGET_ISSUANCES} issuances/s: ${met(p99(issuePaced) < TARGET_P99_MS)}`,
		`zero errors: ${met(errors.length === 0)}`
	];
	return `Measured ${new Date().toISOString()} by \`npm run bench:server\` on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'} (load average ${loadavg()[0]?.toFixed(1)} at the end: the machine is shared), Node ${process.version}. Server and load generator run on the same machine; up to ${CLIENTS} concurrent keep-alive clients on loopback; P-256 requests; CA key P-384; rate limits off.

Pickup-password hash: scrypt N=2^${config.scrypt.log2N}, r=${config.scrypt.r}, p=${config.scrypt.p} (${memoryMib} MiB per check): ${scryptMs.toFixed(1)} ms per check on one core.

"Jobs/s the CPUs allow" is ${cpus().length} cores divided by the server's CPU time per job (all its threads, from /proc): the ceiling with the machine to itself, without the load generator and the other tenants.

A complete pickup is 5 requests: summary, session (the scrypt check), certificate request (issued at once), certificate fetch, collected. "Closed loop": ${CLIENTS} clients back to back, for throughput. "At N/s": jobs start on a fixed schedule, for latency at that load, counted from the scheduled start.

| run | jobs | errors | jobs/s | job p50 / p99 | request p50 / p99 | server CPU per job | jobs/s the CPUs allow |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Peak server memory (RSS): ${peakMb.toFixed(0)} MB.

Targets: ${verdicts.join('; ')}.
${errors
	.slice(0, 3)
	.map((error) => `\nError: ${error}`)
	.join('')}`;
}
