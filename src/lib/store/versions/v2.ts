import { oneOf, shape } from '../check.ts';
import { PICKUP_V1_FIELDS, type PickupRecordV1 } from './v1.ts';

/**
 * A stored pickup that says which version wrote it. Frozen like every version; its order is
 * still version 1's copy of the order fields, trimmed to them (v1 kept whatever the server sent).
 */
export interface PickupRecordV2 extends PickupRecordV1 {
	schemaVersion: 2;
}

export const checkPickupV2 = shape<PickupRecordV2>({
	schemaVersion: oneOf(2),
	...PICKUP_V1_FIELDS
});
