/**
 * `npm run bench:server`: complete pickups (summary, session with the pickup-password check at the
 * configured scrypt cost, P-256 request, issuance, fetch, acknowledgement) and, separately,
 * issuance alone with sessions already open, against the real server process over loopback with up
 * to 50 concurrent keep-alive clients. Each is run twice: closed loop for the highest throughput,
 * and open loop at the target rate for latency (latency at saturation only measures the queue:
 * with 50 clients always waiting, mean latency is 50 / throughput by Little's law).
 * Then the closed-loop runs again with two server instances on one PostgreSQL database.
 * Writes the "## Server" section of bench/results.md; then the operator service's figures
 * (server/bench/operator.ts) write theirs.
 *
 * Set-up is not timed: orders are inserted directly (sharing one pickup-password hash, so creating
 * thousands of them does not cost thousands of scrypt runs) and requests are made beforehand, since
 * key generation happens in applicants' browsers, not on the server.
 */
import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordFigures, type Figure } from '../../bench/history.ts';
import { processCpuMs } from '../../bench/process-cpu.ts';
import { writeResultsSection } from '../../bench/results.ts';
import { createCsr } from '../../src/lib/pki/csr.ts';
import { X509Certificate } from '../../src/lib/pki/x509.ts';
import { generateKeyPair } from '../../src/lib/pki/keys.ts';
import { loadConfig, type Config } from '../config.ts';
import { createOrder } from '../orders/operator.ts';
import { startPostgresCluster } from '../postgres-cluster.ts';
import { hashPickupPassword, randomSecret, sha256, verifyPickupPassword } from '../secrets.ts';
import { startServerProcess, type ServerProcess } from '../server-process.ts';
import { openStore } from '../store/open.ts';
import type { OrderStore } from '../store/types.ts';
import { Client, percentile, runJobs, type RunResult } from './load.ts';
import { benchOperatorService } from './operator.ts';

const CLIENTS = 50;
const TARGET_PICKUPS = 40;
const TARGET_ISSUANCES = 300;
const TARGET_P99_MS = 250;
const TARGET_ISSUANCE_CPU_MS = 2;
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
	index: number;
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

/** Server processes on one store, each with its own share of the clients. */
interface Deployment {
	servers: ServerProcess[];
	clients: Client[];
	store: OrderStore;
}

try {
	const scryptMs = await scryptCost(config);
	console.log(
		`scrypt 2^${config.scrypt.log2N}, r=${config.scrypt.r}, p=${config.scrypt.p}: ${scryptMs.toFixed(1)} ms per check`
	);
	const results: Measured[] = [];
	const sqlite = await deploy(env, 1);
	console.log('warming up...');
	await runJobs(await prepare(sqlite, 100, false), CLIENTS, pickupJob(sqlite));
	await measure(results, sqlite, 'complete pickups, closed loop', TARGET_PICKUPS * SECONDS, false);
	await measure(
		results,
		sqlite,
		`complete pickups at ${TARGET_PICKUPS}/s`,
		TARGET_PICKUPS * SECONDS,
		false,
		TARGET_PICKUPS
	);
	await measure(results, sqlite, 'issuance alone, closed loop', TARGET_ISSUANCES * 5, true);
	await measure(
		results,
		sqlite,
		`issuance alone at ${TARGET_ISSUANCES}/s`,
		TARGET_ISSUANCES * 5,
		true,
		TARGET_ISSUANCES
	);
	const peak = peakRssMb(sqlite.servers);
	await undeploy(sqlite);

	console.log('PostgreSQL: starting a throw-away cluster...');
	const cluster = await startPostgresCluster();
	try {
		const shared = await deploy(
			{ ...env, DATA_DIR: join(dataDir, 'postgres'), DATABASE_URL: await cluster.createDatabase() },
			2
		);
		await runJobs(await prepare(shared, 100, false), CLIENTS, pickupJob(shared));
		await measure(
			results,
			shared,
			'complete pickups, closed loop, PostgreSQL, 2 instances',
			TARGET_PICKUPS * SECONDS,
			false
		);
		await measure(
			results,
			shared,
			'issuance alone, closed loop, PostgreSQL, 2 instances',
			TARGET_ISSUANCES * 5,
			true
		);
		await undeploy(shared);
	} finally {
		await cluster.stop();
	}
	const report = render(scryptMs, results, peak, caKeyOf(dataDir));
	console.log(report);
	await writeResultsSection('Server', report);
	await recordFigures(headlineFigures(results));
} finally {
	rmSync(dataDir, { recursive: true, force: true });
}

await benchOperatorService();

async function deploy(serverEnv: Record<string, string>, instances: number): Promise<Deployment> {
	const first = await startServerProcess(serverEnv);
	const servers = [first];
	// One at a time: the first creates the CA the others load from the shared DATA_DIR.
	while (servers.length < instances) servers.push(await startServerProcess(serverEnv));
	return {
		servers,
		clients: servers.map((server) => new Client(server.url, Math.ceil(CLIENTS / instances))),
		store: await openStore(loadConfig({ ...process.env, ...serverEnv }))
	};
}

async function undeploy(deployment: Deployment): Promise<void> {
	for (const client of deployment.clients) client.close();
	await Promise.all(deployment.servers.map((server) => server.stop()));
	await deployment.store.close();
}

/** Jobs go to the instances in turn, as a load balancer would send them. */
function clientFor(deployment: Deployment, order: Prepared): Client {
	return deployment.clients[order.index % deployment.clients.length] as Client;
}

function pickupJob(deployment: Deployment) {
	return (order: Prepared) => pickup(clientFor(deployment, order), order);
}

function issueJob(deployment: Deployment) {
	return async (order: Prepared) => {
		await clientFor(deployment, order).call(
			'POST',
			`/api/v1/orders/${order.orderId}/certificate-request`,
			200,
			{ csr: order.csr, agreementVersion: AGREEMENT },
			order.token
		);
	};
}

async function measure(
	results: Measured[],
	deployment: Deployment,
	name: string,
	count: number,
	issuanceOnly: boolean,
	perSecond?: number
): Promise<void> {
	const jobs = await prepare(deployment, count, issuanceOnly);
	console.log(`${name}: ${jobs.length} jobs...`);
	for (const client of deployment.clients) client.latencies.length = 0;
	const cpuBefore = serverCpuMs(deployment.servers);
	const job = issuanceOnly ? issueJob(deployment) : pickupJob(deployment);
	const run = await runJobs(jobs, CLIENTS, job, perSecond);
	results.push({
		name,
		run,
		requests: deployment.clients.flatMap((client) => client.latencies.splice(0)),
		cpuMsPerJob: (serverCpuMs(deployment.servers) - cpuBefore) / jobs.length
	});
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

async function prepare(
	deployment: Deployment,
	count: number,
	withSession: boolean
): Promise<Prepared[]> {
	const { store } = deployment;
	const hash = await hashPickupPassword(PASSWORD, config.scrypt);
	const prepared: Prepared[] = [];
	for (let index = 0; index < count; index++) {
		const created = await createOrder(
			{ store, config, hashPassword: async () => hash },
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
		const token = withSession ? await sessionFor(store, created.order.id) : undefined;
		prepared.push({ index, orderId: created.order.id, linkSecret: created.linkSecret, csr, token });
	}
	return prepared;
}

/** A session as a correct pickup password would open it, without the scrypt check. */
async function sessionFor(store: OrderStore, orderId: string): Promise<string> {
	const token = randomSecret(32);
	const now = new Date();
	await store.transaction(orderId, (tx) =>
		tx.insertSession(orderId, sha256(token), now, new Date(now.getTime() + 3600_000))
	);
	return token;
}

async function scryptCost(config: Config): Promise<number> {
	const hash = await hashPickupPassword(PASSWORD, config.scrypt);
	const runs = 20;
	const started = performance.now();
	for (let i = 0; i < runs; i++) await verifyPickupPassword(PASSWORD, hash);
	return (performance.now() - started) / runs;
}

/** User + system CPU time of the server processes, all threads. */
function serverCpuMs(servers: ServerProcess[]): number {
	return servers.reduce((sum, server) => sum + processCpuMs(server.pid), 0);
}

/** VmHWM: the largest peak resident memory of the server processes (Linux). */
function peakRssMb(servers: ServerProcess[]): number {
	return Math.max(
		...servers.map((server) => {
			const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
			return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
		})
	);
}

function rate({ run }: Measured): number {
	return (run.jobs - run.errors.length) / run.seconds;
}

/** Jobs per second the server's CPU time per job allows with every core to itself. */
function ceiling({ cpuMsPerJob }: Measured): number {
	return (cpus().length * 1000) / cpuMsPerJob;
}

function headlineFigures(results: Measured[]): Figure[] {
	const [pickupMax, , issueMax] = results;
	if (!pickupMax || !issueMax) return [];
	const figures: Figure[] = [
		{
			name: 'server CPU per issuance',
			value: round(issueMax.cpuMsPerJob, 2),
			unit: 'ms',
			better: 'lower',
			target: TARGET_ISSUANCE_CPU_MS
		},
		{
			name: 'issuances/s the CPUs allow',
			value: round(ceiling(issueMax), 0),
			unit: '/s',
			better: 'higher'
		},
		{
			name: 'issuances/s measured',
			value: round(rate(issueMax), 1),
			unit: '/s',
			better: 'higher',
			target: TARGET_ISSUANCES
		},
		{
			name: 'server CPU per complete pickup',
			value: round(pickupMax.cpuMsPerJob, 1),
			unit: 'ms',
			better: 'lower'
		},
		{
			name: 'complete pickups/s measured',
			value: round(rate(pickupMax), 1),
			unit: '/s',
			better: 'higher',
			target: TARGET_PICKUPS
		}
	];
	return figures;
}

function round(value: number, digits: number): number {
	return Number(value.toFixed(digits));
}

/** The issuing CA's key, as the server made it in DATA_DIR on first start. */
function caKeyOf(directory: string): string {
	const pem = readFileSync(join(directory, 'ca', 'intermediate.pem'), 'utf8');
	const algorithm = new X509Certificate(pem).publicKey.algorithm as EcKeyAlgorithm;
	return algorithm.namedCurve ?? algorithm.name;
}

function render(scryptMs: number, results: Measured[], peakMb: number, caKey: string): string {
	const ms = (value: number) => `${value.toFixed(0)} ms`;
	const memoryMib = (128 * 2 ** config.scrypt.log2N * config.scrypt.r * config.scrypt.p) / 2 ** 20;
	const rows = results.map((result) => {
		const { name, run, requests, cpuMsPerJob } = result;
		return `| ${name} | ${run.jobs} | ${run.errors.length} | ${rate(result).toFixed(1)} | ${ms(percentile(run.jobLatencies, 50))} / ${ms(percentile(run.jobLatencies, 99))} | ${ms(percentile(requests, 50))} / ${ms(percentile(requests, 99))} | ${cpuMsPerJob.toFixed(cpuMsPerJob < 10 ? 2 : 1)} ms | ${ceiling(result).toFixed(0)} |`;
	});
	const [pickupMax, pickupPaced, issueMax, issuePaced] = results;
	const met = (ok: boolean) => (ok ? 'met' : '**not met**');
	const errors = results.flatMap(({ run }) => run.errors);
	const p99 = (result: Measured | undefined) => percentile(result?.requests ?? [], 99);
	const verdicts = [
		`≥ ${TARGET_PICKUPS} complete pickups/s: ${met(pickupMax !== undefined && rate(pickupMax) >= TARGET_PICKUPS)}`,
		`≥ ${TARGET_ISSUANCES} issuances/s: ${met(issueMax !== undefined && rate(issueMax) >= TARGET_ISSUANCES)}${issueMax ? ` (${rate(issueMax).toFixed(0)} measured beside the load generator and the other tenants; ${ceiling(issueMax).toFixed(0)} the CPUs allow)` : ''}`,
		`server CPU ≤ ${TARGET_ISSUANCE_CPU_MS} ms per issuance: ${met(issueMax !== undefined && issueMax.cpuMsPerJob <= TARGET_ISSUANCE_CPU_MS)}${issueMax ? ` (${issueMax.cpuMsPerJob.toFixed(2)} ms)` : ''}`,
		`p99 < ${TARGET_P99_MS} ms per request at ${TARGET_PICKUPS} pickups/s: ${met(p99(pickupPaced) < TARGET_P99_MS)}`,
		`p99 < ${TARGET_P99_MS} ms at ${TARGET_ISSUANCES} issuances/s: ${met(p99(issuePaced) < TARGET_P99_MS)}`,
		`zero errors: ${met(errors.length === 0)}`
	];
	return `Measured ${new Date().toISOString()} by \`npm run bench:server\` on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'} (load average ${loadavg()[0]?.toFixed(1)} at the end: the machine is shared), Node ${process.version}. Server and load generator run on the same machine; up to ${CLIENTS} concurrent keep-alive clients on loopback; P-256 requests; issuing CA key ${caKey}; rate limits off.

Pickup-password hash: scrypt N=2^${config.scrypt.log2N}, r=${config.scrypt.r}, p=${config.scrypt.p} (${memoryMib} MiB per check): ${scryptMs.toFixed(1)} ms per check on one core.

"Jobs/s the CPUs allow" is ${cpus().length} cores divided by the server's CPU time per job (all its threads, from /proc): the ceiling with the machine to itself, without the load generator and the other tenants.

A complete pickup is 5 requests: summary, session (the scrypt check), certificate request (issued at once), certificate fetch, collected. "Closed loop": ${CLIENTS} clients back to back, for throughput. "At N/s": jobs start on a fixed schedule, for latency at that load, counted from the scheduled start. Rows without a store named are one instance with SQLite; "PostgreSQL, 2 instances" is two server processes on one PostgreSQL 15 database (a throw-away cluster on the same machine, fsync off), the jobs alternating between them as a load balancer would send them; its server CPU is both instances', without PostgreSQL's own.

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
