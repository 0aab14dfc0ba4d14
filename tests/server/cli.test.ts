import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { SubjectAttribute } from '../../src/lib/domain/subject-attributes.ts';
import * as x509 from '../../src/lib/pki/x509.ts';
import { randomOrderId } from '../../server/secrets.ts';
import {
	Api,
	auditTrail,
	cliCommandOf,
	linkParts,
	newOrder,
	order,
	runCliScript,
	useServer
} from './harness.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

const server = useServer();

/** `npm run --silent SCRIPT -- ...args` itself: npm, the package.json script, tsx and the CLI. */
async function npmItself(script: string, ...args: string[]) {
	const port = new URL(server.url).port;
	const { stdout } = await run('npm', ['run', '--silent', script, '--', ...args], {
		cwd: ROOT,
		env: { ...process.env, ...server.env, PORT: port }
	});
	return stdout;
}

/** What `npm run --silent SCRIPT -- ...args` runs, without npm and tsx (harness.ts runCliScript). */
async function npm(script: string, ...args: string[]) {
	const port = new URL(server.url).port;
	const { stdout } = await runCliScript(script, args, { ...server.env, PORT: port });
	return stdout;
}

describe('order ids', () => {
	// A base64url id once started with '-', which the CLI then read as an option (a flaky test found it).
	it('are 16 letters and digits, so none reads as a command-line option', () => {
		const ids = Array.from({ length: 5000 }, randomOrderId);
		expect(ids.filter((id) => !/^[A-Za-z0-9]{16}$/.test(id))).toEqual([]);
		expect(new Set(ids).size).toBe(ids.length);
	});
});

/** The order the e2e tests make over the API (DEFAULT_ORDER), as the CLI's options. */
const ORDER_OPTIONS = [
	...['--cn', 'Jan Peeters', '--email', 'jan@example.be'],
	...['--org', 'Example BV', '--country', 'BE']
];

describe('operator commands', () => {
	it('each npm script of the operator CLI runs server/cli.ts with its own command', () => {
		expect(
			[
				'order:create',
				'order:list',
				'order:show',
				'order:cancel',
				'order:unlock',
				'order:reissue',
				'order:resend',
				'order:expire-due',
				'operator:key',
				'ca:chain'
			].map(cliCommandOf)
		).toEqual([
			'create',
			'list',
			'show',
			'cancel',
			'unlock',
			'reissue',
			'resend',
			'expire-due',
			'key',
			'ca-chain'
		]);
	});

	it('order:create --json prints exactly one JSON object with a working link, while the server runs', async () => {
		const stdout = await npmItself('order:create', '--json', ...ORDER_OPTIONS);
		const created = JSON.parse(stdout);
		expect(stdout.trim().split('\n')).toHaveLength(1);
		expect(created.pickupPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
		expect(created.link).toBe(
			`${server.url}/pickup#o=${created.orderId}&s=${created.linkSecret}&l=en`
		);
		const { orderId, linkSecret } = linkParts(created.link);
		const summary = await new Api(server, orderId).summary(linkSecret);
		expect(summary.body.subject).toEqual([
			{ type: 'C', value: 'BE' },
			{ type: 'O', value: 'Example BV' },
			{ type: 'CN', value: 'Jan Peeters' },
			{ type: 'emailAddress', value: 'jan@example.be' }
		]);
		expect(summary.body.subjectAltNames).toEqual([{ type: 'email', value: 'jan@example.be' }]);
		expect(summary.body.keyPolicy).toEqual({
			allowed: ['RSA-2048', 'RSA-3072', 'RSA-4096', 'P-256', 'P-384'],
			recommended: 'RSA-2048'
		});
		expect(summary.body.passwordPolicy).toMatchObject({
			minLength: 12,
			lettersAndDigitsOnly: true
		});
		expect(
			(await new Api(server, orderId).session(linkSecret, created.pickupPassword)).status
		).toBe(200);
	});

	it('creates a server order, lists, shows, cancels and reissues it', async () => {
		const created = JSON.parse(
			await npm(
				'order:create',
				'--json',
				'--product',
				'org-tls-server',
				'--cn',
				'portal.example.nl',
				'--dns',
				'portal.example.nl',
				'--dns',
				'www.example.nl',
				'--org',
				'Example BV',
				'--org-id',
				'NTRNL-12345678',
				'--country',
				'NL',
				'--keys',
				'RSA-3072,P-384',
				'--pickup-password',
				'chosen-by-applicant'
			)
		);
		expect(await order(server, created.orderId)).toMatchObject({
			productId: 'org-tls-server',
			passwordPolicyId: 'complex-12-72',
			keyPolicy: { allowed: ['RSA-3072', 'P-384'], recommended: 'RSA-3072' },
			subjectAltNames: [
				{ type: 'dns', value: 'portal.example.nl' },
				{ type: 'dns', value: 'www.example.nl' }
			]
		});
		const listed = JSON.parse(await npm('order:list', '--json'));
		expect(listed.map((entry: { orderId: string }) => entry.orderId)).toContain(created.orderId);
		const shown = JSON.parse(await npm('order:show', created.orderId, '--json'));
		expect(shown.status).toBe('awaiting_pickup');
		expect(shown.history[0]).toMatchObject({
			event: 'order_created',
			actor: 'operator',
			detail: { by: userInfo().username, via: 'cli' }
		});
		expect(JSON.stringify(shown)).not.toMatch(/scrypt|linkSecret|pickupPasswordHash/);
		const reissued = JSON.parse(await npm('order:reissue', created.orderId, '--json'));
		expect(reissued.reissueOf).toBe(created.orderId);
		expect((await order(server, created.orderId)).status).toBe('cancelled');
		const days = (Date.parse(reissued.pickupDeadline) - Date.now()) / 86_400_000;
		expect(days).toBeGreaterThan(6.9);
		expect(days).toBeLessThanOrEqual(7);
		const { orderId, linkSecret } = linkParts(reissued.link);
		expect((await new Api(server, orderId).summary(linkSecret)).body.isReissue).toBe(true);
		expect(await npm('order:cancel', orderId, '--reason', 'applicant withdrew')).toContain(
			'cancelled'
		);
		expect((await new Api(server, orderId).summary(linkSecret)).body.code).toBe('order_cancelled');
	});

	it('refuses an order that breaks the rules, with a message and a non-zero exit', async () => {
		await expect(npm('order:create', '--json', '--cn', 'No Mail')).rejects.toMatchObject({
			stderr: expect.stringContaining('emailAddress')
		});
		await expect(
			npm(
				'order:create',
				'--json',
				'--cn',
				'X',
				'--email',
				'x@example.org',
				'--validity-months',
				'40'
			)
		).rejects.toMatchObject({ stderr: expect.stringContaining('validity') });
		await expect(npm('order:unlock', 'nonexistent')).rejects.toMatchObject({
			stderr: expect.stringContaining('no order')
		});
		await expect(npm('order:list', '--status', 'shipped')).rejects.toMatchObject({
			stderr: expect.stringContaining('unknown status "shipped": one of awaiting_pickup, ')
		});
	});

	it('refuses control, bidirectional and invisible characters in names, saying which and where', async () => {
		const refused = await npm(
			'order:create',
			'--cn',
			'Jan \u202egnp.exe',
			'--email',
			'jan@example.be'
		).catch((error: { code: number; stderr: string }) => error);
		expect(refused).toMatchObject({ code: 1 });
		const { stderr } = refused as { stderr: string };
		expect(stderr.trim().split('\n')).toEqual([
			'error: subject CN contains U+202E (a bidirectional control character): names may hold only visible characters and spaces'
		]);
		const cases: [string, SubjectAttribute[], string | undefined, RegExp][] = [
			[
				'BEL',
				[{ type: 'CN', value: 'Jan\u0007' }],
				undefined,
				/subject CN contains U\+0007 \(a control character\)/
			],
			[
				'ESC',
				[
					{ type: 'CN', value: 'Jan' },
					{ type: 'O', value: '\u001b[31mRed BV' }
				],
				undefined,
				/subject O contains U\+001B \(a control character\)/
			],
			[
				'zero-width space',
				[{ type: 'CN', value: 'Jan\u200bPeeters' }],
				undefined,
				/U\+200B \(an invisible character\)/
			],
			[
				'isolate',
				[{ type: 'CN', value: '\u2066Jan' }],
				undefined,
				/U\+2066 \(a bidirectional control character\)/
			],
			[
				'byte order mark',
				[{ type: 'CN', value: '\ufeffJan' }],
				undefined,
				/U\+FEFF \(an invisible character\)/
			],
			['line separator', [{ type: 'CN', value: 'Jan\u2028Peeters' }], undefined, /U\+2028/],
			[
				'contact with ESC',
				[{ type: 'CN', value: 'Jan' }],
				'Desk \u001b[2J',
				/contact contains U\+001B/
			]
		];
		for (const [, subject, contact, message] of cases) {
			const withMail = [...subject, { type: 'emailAddress' as const, value: 'jan@example.be' }];
			await expect(newOrder(server, { subject: withMail, contact })).rejects.toThrow(message);
		}
		const accepted = await newOrder(server, {
			subject: [
				{ type: 'CN', value: 'Zoë Ñúñez-O’Brien Ελένη 李' },
				{ type: 'emailAddress', value: 'zoe@example.be' }
			]
		});
		expect(accepted.order.subject[0]?.value).toBe('Zoë Ñúñez-O’Brien Ελένη 李');
	});

	it('order:expire-due expires orders past their deadline, order:unlock unlocks a locked one', async () => {
		const late = await newOrder(server, {}, { now: new Date(Date.now() - 31 * 86_400_000) });
		const onTime = await newOrder(server);
		const { expired } = JSON.parse(await npm('order:expire-due', '--json'));
		expect(expired).toContain(late.order.id);
		expect(expired).not.toContain(onTime.order.id);
		expect((await order(server, late.order.id)).status).toBe('expired');
		expect((await auditTrail(server, late.order.id)).at(-1)).toMatchObject({
			actor: 'operator',
			event: 'deadline_passed',
			toStatus: 'expired'
		});
		const api = new Api(server, onTime.order.id);
		for (let i = 0; i < 5; i++) await api.session(onTime.linkSecret, 'wrong password');
		expect((await order(server, onTime.order.id)).status).toBe('locked');
		const attempts = (await auditTrail(server, onTime.order.id)).filter(
			(entry) => entry.event === 'pickup_password_wrong'
		);
		expect(attempts[0]).toMatchObject({ actor: 'applicant', address: '127.0.0.1' });
		expect(
			await npm('order:unlock', onTime.order.id, '--reason', 'applicant called the office')
		).toContain('awaiting_pickup');
		const unlocked = (await auditTrail(server, onTime.order.id)).at(-1);
		expect(unlocked).toMatchObject({ actor: 'operator', event: 'unlocked' });
		expect(JSON.parse(String(unlocked?.detail))).toMatchObject({
			reason: 'applicant called the office',
			via: 'cli'
		});
		expect((await api.session(onTime.linkSecret)).status).toBe(200);
	});

	it('ca:chain prints the issuing CA and the root the server uses', async () => {
		const pem = await npm('ca:chain');
		const served = await fetch(`${server.url}/api/v1/ca/chain`).then((response) => response.text());
		expect(pem).toBe(served);
		const [issuing, root] = x509.PemConverter.decode(pem).map(
			(der) => new x509.X509Certificate(der)
		);
		expect(await issuing?.verify({ publicKey: root?.publicKey, signatureOnly: true })).toBe(true);
		expect(await root?.isSelfSigned()).toBe(true);
	});

	it('keeps the CA keys and the database readable by the server user only', () => {
		const mode = (...path: string[]) => statSync(join(server.dataDir, ...path)).mode & 0o777;
		expect(mode('ca')).toBe(0o700);
		expect(mode('ca', 'intermediate.key')).toBe(0o600);
		expect(mode('ca', 'root.key')).toBe(0o600);
		expect(mode('orders.sqlite')).toBe(0o600);
	});
});
