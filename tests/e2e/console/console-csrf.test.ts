/**
 * A page of another site cannot act in the console: a form it submits and a fetch it makes to the
 * console's API, with the signed-in staff member's browser, are refused, and nothing changes.
 */
import { createServer, type Server } from 'node:http';
import { freePort } from '../../support/server.ts';
import { consoleLaunch, enrol, expect, test } from './console-fixtures.ts';

test.use({ launchOptions: consoleLaunch });

/** Another site: 127.0.0.1 is not the console's localhost. */
async function otherSite(target: string): Promise<{ url: string; server: Server }> {
	const port = await freePort();
	const body = JSON.stringify({ commonName: 'Mallory', email: 'm@example.be', delivery: 'link' });
	const html = `<!doctype html><html lang="en"><title>Elsewhere</title>
<form id="attack" method="post" action="${target}/api/v1/console/orders" enctype="text/plain">
<input type="hidden" name='${body.slice(0, -1)}, "x": "' value='"}'>
<button>Win a prize</button></form>`;
	const server = createServer((_request, response) => {
		response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
		response.end(html);
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${port}/`, server };
}

test('a form or a fetch from another site is refused, and no order is made', async ({
	page,
	consoleServer
}) => {
	await enrol(page, consoleServer, 'Mons admin', 'admin');
	const before = JSON.parse(await consoleServer.operator('list', ['--json'])) as unknown[];
	const elsewhere = await otherSite(consoleServer.url);
	try {
		// A tab of the same browser, signed in to the console, opens the other site. (Its console
		// errors, the browser refusing the other site the answers, are expected here.)
		const attacker = await page.context().newPage();
		const answers: number[] = [];
		attacker.on('response', (response) => {
			if (response.url().endsWith('/api/v1/console/orders')) answers.push(response.status());
		});
		await attacker.goto(elsewhere.url);
		await attacker.getByRole('button', { name: 'Win a prize' }).click();
		await expect(attacker.locator('body')).toContainText('csrf_refused');
		expect(answers).toEqual([403]);

		await attacker.goto(elsewhere.url);
		const sent = await attacker.evaluate(async (target) => {
			const body = JSON.stringify({
				commonName: 'Mallory',
				email: 'm@example.be',
				delivery: 'link'
			});
			const results: string[] = [];
			for (const mode of ['no-cors', 'cors'] as const) {
				try {
					const answer = await fetch(`${target}/api/v1/console/orders`, {
						method: 'POST',
						mode,
						credentials: 'include',
						headers: { 'content-type': 'text/plain' },
						body
					});
					results.push(`${mode}: ${answer.type} ${answer.status}`);
				} catch (error) {
					results.push(`${mode}: ${String(error)}`);
				}
			}
			return results;
		}, consoleServer.url);
		// The browser keeps the answers from the other site (CORS, and the console's
		// Cross-Origin-Resource-Policy); what reached the server was refused.
		expect(sent).toEqual([
			'no-cors: TypeError: Failed to fetch',
			'cors: TypeError: Failed to fetch'
		]);
		expect(answers.length).toBeGreaterThanOrEqual(1);
		expect(answers.every((status) => status === 403)).toBe(true);
		await attacker.close();
	} finally {
		await new Promise((resolve) => elsewhere.server.close(resolve));
	}
	const after = JSON.parse(await consoleServer.operator('list', ['--json'])) as unknown[];
	expect(after).toHaveLength(before.length);
	expect(JSON.stringify(after)).not.toContain('Mallory');
});
