/**
 * The interop matrix: for each key algorithm, each .p12 profile and an ASCII and a non-ASCII
 * password, one .p12 built by the product code with its real iteration counts, written to a
 * temporary directory for the tools to open. The cases are built once per test run, by the
 * `interop` project's global set-up (cases.setup.ts), and every tool's test file opens the same
 * files: keys are generated once per algorithm per run.
 */
import { writeFileSync } from 'node:fs';
import { beforeAll, inject } from 'vitest';
import { join } from 'node:path';
import type { KeyAlgorithmName } from '../../../src/lib/domain/key-algorithms.ts';
import type { Pkcs12Profile } from '../../../src/lib/domain/pkcs12-profiles.ts';
import { exportPkcs8, generateKeyPair } from '../../../src/lib/pki/keys.ts';
import { buildPkcs12 } from '../../../src/lib/pki/pkcs12/index.ts';
import { createTestCa, SUBJECT, SUBJECT_ALT_NAMES } from './ca.ts';
import { requireTool } from './tools.ts';

export const ALGORITHMS: KeyAlgorithmName[] = ['RSA-2048', 'RSA-4096', 'P-256', 'P-384'];
export const PROFILES: Pkcs12Profile[] = ['modern', 'legacy'];
export const PASSWORDS = {
	ascii: 'Correct-Horse-Battery-9',
	'non-ASCII': 'Zoë Ångström: ĳsselmeer-wachtwoord € 🔐'
} as const;
export const WRONG_PASSWORD_SUFFIX = '!';
export const FRIENDLY_NAME = 'Zoë Ångström (PKI Test)';

export interface P12Case {
	name: string;
	algorithm: KeyAlgorithmName;
	profile: Pkcs12Profile;
	password: string;
	file: string;
	der: Uint8Array;
	leafDer: Uint8Array;
	intermediateDer: Uint8Array;
	rootDer: Uint8Array;
	/** A scratch directory of this case's own, for tool databases. */
	dir: string;
}

export function caseNames(): string[] {
	return ALGORITHMS.flatMap((algorithm) =>
		PROFILES.flatMap((profile) =>
			Object.keys(PASSWORDS).map((password) => `${algorithm} ${profile} ${password} password`)
		)
	);
}

/** Builds every case into `root`: the .p12 files, and beside each the name of its scratch directory. */
export async function buildCases(root: string): Promise<Map<string, P12Case>> {
	const ca = await createTestCa();
	const cases = new Map<string, P12Case>();
	for (const algorithm of ALGORITHMS) {
		const keys = await generateKeyPair(algorithm);
		const leaf = await ca.issue({
			publicKey: keys.publicKey,
			subject: SUBJECT,
			subjectAltNames: SUBJECT_ALT_NAMES
		});
		const chain = [leaf, ca.intermediate, ca.root].map((c) => new Uint8Array(c.rawData));
		const privateKeyPkcs8 = await exportPkcs8(keys.privateKey);
		for (const profile of PROFILES) {
			for (const [label, password] of Object.entries(PASSWORDS)) {
				const name = `${algorithm} ${profile} ${label} password`;
				const dir = join(root, name.replace(/\W+/g, '-'));
				const der = await buildPkcs12({
					privateKeyPkcs8,
					chain,
					password,
					friendlyName: FRIENDLY_NAME,
					profile
				});
				const file = `${dir}.p12`;
				writeFileSync(file, der);
				cases.set(name, {
					name,
					algorithm,
					profile,
					password,
					file,
					der,
					leafDer: chain[0]!,
					intermediateDer: chain[1]!,
					rootDer: chain[2]!,
					dir
				});
			}
		}
	}
	return cases;
}

declare module 'vitest' {
	export interface ProvidedContext {
		/** The cases of this run (cases.setup.ts), their bytes in base64. */
		interopCases: SerializedCase[];
	}
}

export type SerializedCase = Omit<P12Case, 'der' | 'leafDer' | 'intermediateDer' | 'rootDer'> & {
	der: string;
	leafDer: string;
	intermediateDer: string;
	rootDer: string;
};

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

export function serializeCases(cases: Map<string, P12Case>): SerializedCase[] {
	return [...cases.values()].map((c) => ({
		...c,
		der: base64(c.der),
		leafDer: base64(c.leafDer),
		intermediateDer: base64(c.intermediateDer),
		rootDer: base64(c.rootDer)
	}));
}

function deserializeCases(serialized: SerializedCase[]): Map<string, P12Case> {
	return new Map(
		serialized.map((c) => [
			c.name,
			{
				...c,
				der: bytes(c.der),
				leafDer: bytes(c.leafDer),
				intermediateDer: bytes(c.intermediateDer),
				rootDer: bytes(c.rootDer)
			}
		])
	);
}

/**
 * For a tool's test file: checks that its tools are installed (failing, never skipping, when
 * one is missing) before the tests; returns the lookup by case name of this run's cases.
 */
export function useCases(
	tool: string,
	requirements: [command: string, versionArgs: string[]][]
): (name: string) => P12Case {
	let cases: Map<string, P12Case> | undefined;
	beforeAll(() => {
		for (const [command, args] of requirements) requireTool(command, args);
		cases = deserializeCases(inject('interopCases'));
		if (cases.size !== caseNames().length)
			throw new Error(`${tool}: the interop cases are missing`);
	});
	return (name) => {
		const found = cases?.get(name);
		if (!found) throw new Error(`no interop case ${name}`);
		return found;
	};
}
