import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import InstallGuide from '../../../src/lib/components/InstallGuide.svelte';
import { shellWord } from '../../../src/lib/components/shell-word.ts';

afterEach(cleanup);

const run = promisify(execFile);

async function linuxCommands(p12Name: string): Promise<string[]> {
	render(InstallGuide, { p12Name });
	await fireEvent.click(screen.getByRole('button', { name: /^Linux/ }));
	return [...document.querySelectorAll('.guide-steps code')].map((code) => code.textContent!);
}

describe('the install guide', () => {
	it("opens the applicant's own downloaded file in its commands", async () => {
		expect(await linuxCommands('Jan-Peeters-ord_7Kq2.p12')).toEqual([
			'pk12util -d sql:$HOME/.pki/nssdb -i Jan-Peeters-ord_7Kq2.p12',
			'openssl pkcs12 -in Jan-Peeters-ord_7Kq2.p12 -out key-and-cert.pem'
		]);
	});

	it('quotes a name a shell would split or expand', async () => {
		expect(await linuxCommands("Jan's $HOME cert.p12")).toEqual([
			`pk12util -d sql:$HOME/.pki/nssdb -i 'Jan'\\''s $HOME cert.p12'`,
			`openssl pkcs12 -in 'Jan'\\''s $HOME cert.p12' -out key-and-cert.pem`
		]);
	});
});

describe('a file name as a shell word', () => {
	it.each([
		'Jan-Peeters-ord_7Kq2.p12',
		"Jan's $HOME `id` cert.p12",
		'-rf.p12',
		'a"b\\c;d|e&f*g?.p12',
		''
	])('is read back by sh as the one file %j', async (name) => {
		const { stdout } = await run('sh', ['-c', `printf '%s\\n' ${shellWord(name)}`]);
		const expected = name.startsWith('-') ? `./${name}` : name;
		expect(stdout).toBe(`${expected}\n`);
	});
});
