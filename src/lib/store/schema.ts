import type { DBSchema } from 'idb';
import type { KeyChoiceV1, StepV1 } from './versions/v1.ts';
import type { PickupRecordV2 } from './versions/v2.ts';

/**
 * One pickup in progress, as this version of the app keeps it in IndexedDB: no password, no bare
 * key. The frozen per-version types in versions/ say what each field means.
 */
export type SavedPickup = PickupRecordV2;

/**
 * Where a stored pickup stands. Passwords are never stored, so a pickup saved after the
 * certificate password was chosen asks for it again when it resumes.
 */
export type SavedStep = StepV1;

export type KeyChoice = KeyChoiceV1;

export interface PickupDb extends DBSchema {
	pickups: {
		key: string;
		/** Whatever was written, by this version or an older one: read it with readPickupRecord. */
		value: unknown;
		indexes: { updatedAt: string };
	};
}
