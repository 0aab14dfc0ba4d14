/**
 * `npm start`: the demo in one command. Builds the app when the build is missing or older than its
 * sources, creates a demo order when the database has none (printing its link and pickup password,
 * which exist nowhere else) and sends its pickup e-mail (without SMTP_URL: an .eml file under
 * DATA_DIR, whose path is printed too), then runs the server.
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './config.ts';
import { createMailer } from './mail/mailer.ts';
import { createOrder } from './orders/operator.ts';
import { deliverDue } from './outbox/dispatcher.ts';
import { openStore } from './store/open.ts';

const SOURCES = [
	'src',
	'static',
	'messages',
	'project.inlang',
	'svelte.config.js',
	'vite.config.ts',
	'package.json'
];

const config = loadConfig();
const builtAt = mtime(join(config.buildDir, 'index.html'));
if (builtAt === 0 || SOURCES.some((source) => newestMtime(source) > builtAt)) {
	console.log(
		builtAt === 0 ? 'building the app (no build yet)...' : 'building the app (sources changed)...'
	);
	const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
	if (build.status !== 0) process.exit(build.status ?? 1);
}

const store = await openStore(config);
if ((await store.countOrders()) === 0) {
	const demo = await createOrder(
		{ store, config },
		{
			subject: [
				{ type: 'C', value: 'BE' },
				{ type: 'O', value: 'Example BV' },
				{ type: 'CN', value: 'Demo Applicant' },
				{ type: 'emailAddress', value: 'demo@example.org' }
			],
			delivery: 'email'
		}
	);
	const mailer = createMailer(config.mail);
	const deliveries = await deliverDue({ store, config, mailer, now: () => new Date() });
	mailer.close();
	const mail = deliveries.find((delivery) => delivery.orderId === demo.order.id);
	const rule = '-'.repeat(72);
	console.log(
		[
			rule,
			'Demo order created. Open the link and use the pickup password:',
			'',
			`  pickup link:      ${demo.link}`,
			`  pickup password:  ${demo.pickupPassword}`,
			`  pickup e-mail:    ${mail?.file ?? (mail ? `${mail.status}: ${mail.response}` : 'not sent')}`,
			'',
			'They are shown only now. More orders: npm run order:create -- --cn NAME --email ADDRESS',
			rule
		].join('\n')
	);
} else {
	console.log(
		'orders exist; create another with: npm run order:create -- --cn NAME --email ADDRESS'
	);
}
await store.close();

await import('./main.ts');

function mtime(path: string): number {
	return existsSync(path) ? statSync(path).mtimeMs : 0;
}

function newestMtime(path: string): number {
	if (!existsSync(path)) return 0;
	const info = statSync(path);
	if (!info.isDirectory()) return info.mtimeMs;
	return readdirSync(path).reduce(
		(newest, name) => Math.max(newest, newestMtime(join(path, name))),
		info.mtimeMs
	);
}
