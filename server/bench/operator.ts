/**
 * The operator side of issue 23 against the real server process: how fast the CA's order system can
 * create orders through the operator API, and how fast each instance's outbox sends the pickup
 * e-mails to an SMTP relay (an in-process sink on 127.0.0.1). Each on SQLite with one instance and
 * on PostgreSQL with two instances sharing the database. Run by `npm run bench:server` after the
 * pickup figures, or alone with `npx tsx server/bench/operator.ts`; writes the "## Operator
 * service" section of bench/results.md.
 *
 * Orders are created with a chosen pickup password, as the CA's order system would send one: the
 * server still hashes it with scrypt, once per order, which is the real cost of an order. The
 * e-mails of the outbox runs are queued directly in the store instead, sharing one password hash,
 * since only their sending is measured.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { processCpuMs } from '../../bench/process-cpu.ts';
import { writeResultsSection } from '../../bench/results.ts';
import { createApiKey } from '../access/api-keys.ts';
import { loadConfig, type Config } from '../config.ts';
import { orderInputFrom } from '../http/operator-input.ts';
import { composePickupMail, type PickupMailInput } from '../mail/pickup-mail.ts';
import { smtpMailer } from '../mail/smtp-mailer.ts';
import { createOrder, type CreatedOrder } from '../orders/operator.ts';
import { pickupMailMessage, type PickupMailPayload } from '../outbox/pickup-mail-message.ts';
import { startPostgresCluster } from '../postgres-cluster.ts';
import { hashPickupPassword } from '../secrets.ts';
import { startServerProcess, type ServerProcess } from '../server-process.ts';
import { openStore } from '../store/open.ts';
import type { OrderStore } from '../store/types.ts';
import { Client, percentile, runJobs } from './load.ts';
import { startCountingSmtpSink, type CountingSmtpSink } from './smtp-sink.ts';

const CLIENTS = 8;
const ORDERS = 300;
const WARM_UP_ORDERS = 16;
const QUEUED_MAILS = 300;
const TIMED_MAILS = 100;
const HASHES = 10;
const OUTBOX_POLL_MS = 50;
/** The queued e-mails fall due together this long after queueing starts, with every instance up. */
const QUEUE_LEAD_MS = 8_000;
const MAIL_TIMEOUT_MS = 120_000;
const ORDER_BODY = {
	commonName: 'Jan Peeters',
	email: 'jan@example.be',
	organization: 'Example BV',
	country: 'BE',
	pickupPassword: 'correct horse battery',
	delivery: 'email'
};

interface Setting {
	name: string;
	env: Record<string, string>;
	instances: number;
}

interface OrderRun {
	setting: Setting;
	seconds: number;
	latencies: number[];
	/** Refused or failed requests, as "status code" or the client's error. */
	errors: string[];
	/** The servers' CPU time per order, the e-mails sent meanwhile included. */
	cpuMsPerOrder: number;
	mailsDuringRun: number;
	/** From the last order's answer to the last of their e-mails at the relay. */
	drainSeconds: number;
	/** The servers' error log lines during the run, by message. */
	serverErrors: Map<string, number>;
}

interface OutboxRun {
	setting: Setting;
	transport: string;
	/** Between the first and the last of the queued e-mails at the relay. */
	seconds: number;
	cpuMsPerMail: number;
}

/** Per e-mail, in the bench's own process. */
interface MailCost {
	composeMs: number;
	sendMs: number;
	pooledSendMs: number;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchOperatorService();

export async function benchOperatorService(): Promise<void> {
	const dataDir = mkdtempSync(join(tmpdir(), 'pickup-bench-operator-'));
	const sink = await startCountingSmtpSink();
	try {
		const baseEnv = {
			DATA_DIR: dataDir,
			PORT: '0',
			HOST: '127.0.0.1',
			BUILD_DIR: join(dataDir, 'no-build')
		};
		const config = loadConfig({ ...process.env, ...baseEnv });
		const hashMs = await scryptCost(config);
		console.log(`operator bench: scrypt ${hashMs.toFixed(1)} ms per pickup-password hash`);
		const orderRuns: OrderRun[] = [];
		const outboxRuns: OutboxRun[] = [];
		const sqlite = { name: 'SQLite, 1 instance', env: baseEnv, instances: 1 };
		const sample = await benchSetting(sqlite, sink, orderRuns, outboxRuns);
		const mailCost = await measureMailCost(config, sink, sample);
		console.log('operator bench: PostgreSQL, starting a throw-away cluster...');
		const cluster = await startPostgresCluster();
		try {
			const postgres = {
				name: 'PostgreSQL, 2 instances',
				env: {
					...baseEnv,
					DATA_DIR: join(dataDir, 'postgres'),
					DATABASE_URL: await cluster.createDatabase()
				},
				instances: 2
			};
			await benchSetting(postgres, sink, orderRuns, outboxRuns);
		} finally {
			await cluster.stop();
		}
		const report = render(hashMs, orderRuns, outboxRuns, mailCost);
		console.log(report);
		await writeResultsSection('Operator service', report);
	} finally {
		await sink.close();
		rmSync(dataDir, { recursive: true, force: true });
	}
}

/** Orders through the API, then the outbox alone with a new SMTP connection per e-mail and pooled. */
async function benchSetting(
	setting: Setting,
	sink: CountingSmtpSink,
	orderRuns: OrderRun[],
	outboxRuns: OutboxRun[]
): Promise<PickupMailInput> {
	const config = loadConfig({ ...process.env, ...setting.env });
	const store = await openStore(config);
	try {
		orderRuns.push(await measureOrders(setting, store, sink));
		let sample: PickupMailInput | undefined;
		for (const [transport, smtpUrl] of [
			['new SMTP connection per e-mail (SMTP_URL ?pool=false)', `${sink.url}?pool=false`],
			['one SMTP connection kept open (the default)', sink.url]
		] as const) {
			const run = await measureOutbox(setting, transport, smtpUrl, store, config, sink);
			outboxRuns.push(run.result);
			sample = run.sample;
		}
		if (!sample) throw new Error('no e-mail was queued');
		return sample;
	} finally {
		await store.close();
	}
}

async function measureOrders(
	setting: Setting,
	store: OrderStore,
	sink: CountingSmtpSink
): Promise<OrderRun> {
	const servers = await startInstances({ ...setting.env, SMTP_URL: sink.url }, setting.instances);
	const clients = servers.map((server) => new Client(server.url, CLIENTS / setting.instances));
	try {
		const { key } = await createApiKey(store, 'bench', 'write', new Date());
		// Orders go to the instances in turn, as a load balancer would send them.
		const create = async (index: number) => {
			await (clients[index % clients.length] as Client).call(
				'POST',
				'/api/v1/operator/orders',
				201,
				ORDER_BODY,
				key,
				{ 'idempotency-key': randomUUID() }
			);
		};
		let mailsDue = sink.arrivals.length;
		const warmUp = await runJobs(indexes(WARM_UP_ORDERS), CLIENTS, create);
		mailsDue += WARM_UP_ORDERS - warmUp.errors.length;
		await mailsArrived(sink, mailsDue);
		const logBefore = servers.map((server) => server.output().length);
		console.log(`operator bench: ${setting.name}, ${ORDERS} orders through the API...`);
		const cpuBefore = serverCpuMs(servers);
		const started = performance.now();
		const run = await runJobs(indexes(ORDERS), CLIENTS, create);
		const ended = performance.now();
		const cpuMsPerOrder = (serverCpuMs(servers) - cpuBefore) / ORDERS;
		mailsDue += ORDERS - run.errors.length;
		await mailsArrived(sink, mailsDue);
		return {
			setting,
			seconds: run.seconds,
			latencies: run.jobLatencies,
			errors: run.errors.map(errorKind),
			cpuMsPerOrder,
			mailsDuringRun: sink.arrivals.filter((at) => at >= started && at <= ended).length,
			drainSeconds: Math.max(0, ((sink.arrivals[mailsDue - 1] ?? ended) - ended) / 1000),
			serverErrors: errorLines(
				servers.map((server, index) => server.output().slice(logBefore[index]))
			)
		};
	} finally {
		for (const client of clients) client.close();
		await Promise.all(servers.map((server) => server.stop()));
	}
}

/**
 * Queues the e-mails with the instances running, all due at one moment a few seconds ahead, so
 * every instance is polling when they fall due and the queueing is not part of the sending time.
 */
async function measureOutbox(
	setting: Setting,
	transport: string,
	smtpUrl: string,
	store: OrderStore,
	config: Config,
	sink: CountingSmtpSink
): Promise<{ result: OutboxRun; sample: PickupMailInput }> {
	const servers = await startInstances(
		{ ...setting.env, SMTP_URL: smtpUrl, OUTBOX_POLL_MS: String(OUTBOX_POLL_MS) },
		setting.instances
	);
	try {
		const hash = await hashPickupPassword(ORDER_BODY.pickupPassword, config.scrypt);
		const input = orderInputFrom(ORDER_BODY);
		const dueAt = new Date(Date.now() + QUEUE_LEAD_MS);
		const deps = { store, config, now: dueAt, hashPassword: async () => hash, via: 'api' };
		let created: CreatedOrder | undefined;
		for (let index = 0; index < QUEUED_MAILS; index++) created = await createOrder(deps, input);
		if (!created) throw new Error('no order was created');
		if (Date.now() >= dueAt.getTime())
			throw new Error(`queueing ${QUEUED_MAILS} e-mails took more than ${QUEUE_LEAD_MS} ms`);
		console.log(`operator bench: ${setting.name}, outbox, ${transport}...`);
		const first = sink.arrivals.length;
		await mailsArrived(sink, first + 1);
		const cpuBefore = serverCpuMs(servers);
		await mailsArrived(sink, first + QUEUED_MAILS);
		const intervals = QUEUED_MAILS - 1;
		const seconds =
			((sink.arrivals[first + intervals] as number) - (sink.arrivals[first] as number)) / 1000;
		const payload = JSON.parse(
			pickupMailMessage(config, created.order, created.link).payload ?? ''
		) as PickupMailPayload;
		return {
			result: {
				setting,
				transport,
				seconds,
				cpuMsPerMail: (serverCpuMs(servers) - cpuBefore) / intervals
			},
			sample: { ...payload, now: new Date() }
		};
	} finally {
		await Promise.all(servers.map((server) => server.stop()));
	}
}

/** Where an e-mail's time goes: writing it (text, HTML, QR PNG) and handing it to the relay. */
async function measureMailCost(
	config: Config,
	sink: CountingSmtpSink,
	input: PickupMailInput
): Promise<MailCost> {
	const compose = () => composePickupMail({ ...input, now: new Date() });
	for (let index = 0; index < 5; index++) await compose();
	const started = performance.now();
	for (let index = 0; index < TIMED_MAILS; index++) await compose();
	const composeMs = (performance.now() - started) / TIMED_MAILS;
	const sendMs = async (smtpUrl: string) => {
		const mailer = smtpMailer(config.mail, smtpUrl);
		const messages = await Promise.all(Array.from({ length: TIMED_MAILS + 1 }, compose));
		try {
			// The first opens the pool's connection, which the others reuse: it is not timed.
			await mailer.send(messages.pop() as Awaited<ReturnType<typeof compose>>);
			const sendStarted = performance.now();
			for (const message of messages) await mailer.send(message);
			return (performance.now() - sendStarted) / TIMED_MAILS;
		} finally {
			mailer.close();
		}
	};
	return {
		composeMs,
		sendMs: await sendMs(`${sink.url}?pool=false`),
		pooledSendMs: await sendMs(sink.url)
	};
}

async function startInstances(
	env: Record<string, string>,
	instances: number
): Promise<ServerProcess[]> {
	const servers = [await startServerProcess(env)];
	// One at a time: the first creates the CA the others load from the shared DATA_DIR.
	while (servers.length < instances) servers.push(await startServerProcess(env));
	return servers;
}

async function mailsArrived(sink: CountingSmtpSink, count: number): Promise<void> {
	const deadline = performance.now() + MAIL_TIMEOUT_MS;
	while (sink.arrivals.length < count) {
		if (performance.now() > deadline)
			throw new Error(`the relay got ${sink.arrivals.length} e-mails, not ${count}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/** "500 internal" from the load generator's error for a problem+json answer; else the error. */
function errorKind(error: string): string {
	const answer = /: (\d{3}) .*problem:([a-z_]+)/.exec(error);
	return answer ? `${answer[1]} ${answer[2]}` : error;
}

/** The servers' log lines at level error or fatal (the log writes levels as labels), by message. */
function errorLines(logs: string[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const line of logs.flatMap((log) => log.split('\n'))) {
		if (!line.startsWith('{')) continue;
		const entry = JSON.parse(line) as { level?: string; msg?: string; err?: { message?: string } };
		if (entry.level !== 'error' && entry.level !== 'fatal') continue;
		const message = `${entry.msg ?? ''}${entry.err?.message ? `: ${entry.err.message}` : ''}`;
		counts.set(message, (counts.get(message) ?? 0) + 1);
	}
	return counts;
}

async function scryptCost(config: Config): Promise<number> {
	const started = performance.now();
	for (let index = 0; index < HASHES; index++)
		await hashPickupPassword(ORDER_BODY.pickupPassword, config.scrypt);
	return (performance.now() - started) / HASHES;
}

/** User + system CPU time of the server processes, all threads. */
function serverCpuMs(servers: ServerProcess[]): number {
	return servers.reduce((sum, server) => sum + processCpuMs(server.pid), 0);
}

function indexes(count: number): number[] {
	return Array.from({ length: count }, (_, index) => index);
}

function countsOf(values: string[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
	return counts;
}

function listed(counts: Map<string, number>): string {
	return [...counts].map(([what, count]) => `${count} × ${what}`).join('; ');
}

function render(
	hashMs: number,
	orderRuns: OrderRun[],
	outboxRuns: OutboxRun[],
	cost: MailCost
): string {
	const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
	const orderRows = orderRuns.map((run) => {
		const created = ORDERS - run.errors.length;
		const errors = run.errors.length
			? `${run.errors.length} errors (${listed(countsOf(run.errors))})`
			: '0 errors';
		return `| orders created through the operator API, ${run.setting.name} | **${(created / run.seconds).toFixed(1)} orders/s**; latency p50 ${ms(percentile(run.latencies, 50))}, p95 ${ms(percentile(run.latencies, 95))}; ${errors}; server CPU ${ms(run.cpuMsPerOrder)} per order | ${CLIENTS} clients${run.setting.instances > 1 ? ' alternating between the instances' : ''}, ${ORDERS} orders in ${run.seconds.toFixed(1)} s; outbox sending meanwhile (poll 1 s): ${run.mailsDuringRun} of the e-mails at the relay during the run, the last ${run.drainSeconds.toFixed(1)} s after it |`;
	});
	const outboxRows = outboxRuns.map(
		(run) =>
			`| e-mails sent by the outbox, ${run.setting.name} | **${((QUEUED_MAILS - 1) / run.seconds).toFixed(1)} e-mails/s** (${ms((run.seconds * 1000) / (QUEUED_MAILS - 1))} each); server CPU ${ms(run.cpuMsPerMail)} per e-mail | ${QUEUED_MAILS} queued e-mails, ${run.transport}, OUTBOX_POLL_MS=${OUTBOX_POLL_MS}; first to last at the relay |`
	);
	const costRows = [
		`| composePickupMail alone | ${ms(cost.composeMs)} per e-mail | text, HTML and QR PNG; ${TIMED_MAILS} in a row in the bench process |`,
		`| the server's SMTP mailer alone, new connection per e-mail | ${ms(cost.sendMs)} per e-mail | ${TIMED_MAILS} composed e-mails in a row from the bench process: MIME encoding, connect, AUTH, MAIL/RCPT/DATA, QUIT |`,
		`| the same, one connection kept open (the default since this bench) | ${ms(cost.pooledSendMs)} per e-mail | one connection kept open |`,
		`| scrypt hash of a chosen pickup password | ${ms(hashMs)} per order | N=2^13, r=8, p=1 (SCRYPT_LOG2_N default), in the bench process |`
	];
	const serverErrors = orderRuns.filter((run) => run.serverErrors.size > 0);
	return `Measured ${new Date().toISOString()} by \`npm run bench:server\` (or \`npx tsx server/bench/operator.ts\` alone) on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'} (load average ${loadavg()[0]?.toFixed(1)} at the end: the machine is shared with other work, so the figures are lower bounds), Node ${process.version}. The server processes, the load generator, the SMTP relay (smtp-server, in the bench's process) and PostgreSQL (a throw-away cluster, fsync off) all run on this machine over loopback.

Each order is \`POST /api/v1/operator/orders\` with a write-scope API key, its own Idempotency-Key and a chosen pickup password: the server still hashes that password with scrypt, one hash per order, which is most of an order's cost. The orders ask for e-mail delivery, so each also queues a pickup e-mail, which the instances' outboxes send to the relay meanwhile, as in production. "PostgreSQL, 2 instances" is two server processes on one database; its CPU is both instances', without PostgreSQL's own. The outbox sends one e-mail at a time per instance: it composes the e-mail (text, HTML, QR PNG), hands it to nodemailer, and records the outcome in a transaction.

| what | figure | setting |
| --- | --- | --- |
${[...orderRows, ...outboxRows, ...costRows].join('\n')}
${serverErrors.map((run) => `\nServer errors logged during the orders on ${run.setting.name}: ${listed(run.serverErrors)}.`).join('')}`;
}
