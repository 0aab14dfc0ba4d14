import { RecordProblem } from './check.ts';
import { checkPickupV1 } from './versions/v1.ts';
import { checkPickupV2 } from './versions/v2.ts';
import type { SavedPickup } from './schema.ts';

/** The version of what this app writes: `schemaVersion` in every stored pickup. */
export const SCHEMA_VERSION = 2;

/**
 * Step n turns a record of version n + 1 into one of version n + 2. Never edit a released step:
 * add the next version (a frozen type in versions/) and a step to it, with a test that reads a
 * record written by the previous one.
 */
const UPGRADES: readonly ((record: unknown) => unknown)[] = [
	(record) => ({ ...checkPickupV1(record, ''), schemaVersion: 2 })
];

/** A stored pickup that no version of this app can read: damaged, or written by something else. */
export class UnreadablePickupError extends Error {
	/** Kept so that starting again can open the pickup's link afresh. */
	readonly linkSecret: string | undefined;

	constructor(stored: unknown, problem: RecordProblem) {
		super(`The stored pickup cannot be read: ${problem.message}`, { cause: problem });
		this.name = 'UnreadablePickupError';
		const linkSecret = (stored as { linkSecret?: unknown } | null)?.linkSecret;
		this.linkSecret = typeof linkSecret === 'string' ? linkSecret : undefined;
	}
}

/** A stored record of any released version, in the current version's shape and checked. */
export function readPickupRecord(stored: unknown): SavedPickup {
	try {
		let record = stored;
		for (const upgrade of UPGRADES.slice(schemaVersionOf(stored) - 1)) record = upgrade(record);
		return checkPickupV2(record, '');
	} catch (problem) {
		if (problem instanceof RecordProblem) throw new UnreadablePickupError(stored, problem);
		throw problem;
	}
}

/** The record read as in readPickupRecord, or undefined when it cannot be. */
export function readablePickupRecord(stored: unknown): SavedPickup | undefined {
	try {
		return readPickupRecord(stored);
	} catch (error) {
		if (error instanceof UnreadablePickupError) return undefined;
		throw error;
	}
}

function schemaVersionOf(stored: unknown): number {
	if (typeof stored !== 'object' || stored === null) throw new RecordProblem('record', 'an object');
	const { schemaVersion } = stored as { schemaVersion?: unknown };
	// The first release wrote no version.
	if (schemaVersion === undefined) return 1;
	if (
		typeof schemaVersion !== 'number' ||
		!Number.isInteger(schemaVersion) ||
		schemaVersion < 1 ||
		schemaVersion > SCHEMA_VERSION
	) {
		throw new RecordProblem('schemaVersion', `a version from 1 to ${SCHEMA_VERSION}`);
	}
	return schemaVersion;
}
