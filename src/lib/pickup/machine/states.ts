import type { OrderSummary } from '../../api/types.ts';
import type { SavedPickup } from '../../store/schema.ts';
import type { PickupLink } from '../link.ts';
import type { FlowError, PickupState, StorageStatus } from '../state.ts';

export type Delivered = Extract<PickupState, { step: 'done' | 'csr-done' }>;
import type { UseTarget } from '../use-target.ts';
import type { Effect } from './effects.ts';

/**
 * Everything the pickup knows between two events: the screen the UI renders, the record this
 * device stores, and what is held in memory only (passwords and the bare key are never stored).
 */
export interface Pickup {
	view: PickupState;
	link: PickupLink | null;
	saved: SavedPickup | null;
	/** The record found on this device at opening, until the server's order says what it is worth. */
	found: SavedPickup | null;
	/**
	 * Opening reads the stored record and the order side by side. Set until the record is read; it
	 * holds the server's answer if that came first, since the record decides what the answer means.
	 */
	readingSaved: { summary: SummaryAnswer | null } | null;
	storage: StorageStatus;
	/** The certificate password, held between choosing it and building the file. */
	password: string | null;
	/** Where the file will be used: it advised the password, so it is kept, and forgotten, with it. */
	target: UseTarget | null;
	privateKeyPkcs8: Uint8Array | null;
	/**
	 * The crypto worker's handle on the keys it derives from the certificate password ahead of
	 * Create (prepared-work.ts); opaque here. Missing work behind it is derived on demand.
	 */
	prepared: string | null;
	/** The files once built: offered again as they are, never derived a second time. */
	delivered: Delivered | null;
	/** The server says collected, and the file is being rebuilt from what this device holds. */
	alreadyCollected: boolean;
	/** Failed tries in a row of the request or the poll under way: they lengthen the next wait. */
	failures: number;
	readonly setup: PickupSetup;
}

/** The server's answer to the request for the order's summary. */
export type SummaryAnswer = { order: OrderSummary } | { error: FlowError };

/** What the device tells the pickup once, when it starts. */
export interface PickupSetup {
	/** The answer to "where will you use it" preselected from the platform. */
	defaultTarget: UseTarget;
	/** Days after which the browser deletes unused storage; null where nothing caps it. */
	storageCapDays: number | null;
	/** False when IndexedDB is missing: the pickup still works, it just cannot resume. */
	hasStore: boolean;
}

/** What a transition may read from the world, handed in so that transitions stay pure. */
export interface Clock {
	now: Date;
	/** In [0, 1): spreads retry waits so many tabs do not come back in step. */
	random: number;
}

/** A transition's answer: the pickup after the event, and the effects to run, in order. */
export interface Step {
	pickup: Pickup;
	effects: Effect[];
}

export function initialPickup(setup: PickupSetup): Pickup {
	return {
		view: { step: 'opening' },
		link: null,
		saved: null,
		found: null,
		readingSaved: null,
		storage: setup.hasStore ? 'best-effort' : 'unavailable',
		password: null,
		target: null,
		privateKeyPkcs8: null,
		prepared: null,
		delivered: null,
		alreadyCollected: false,
		failures: 0,
		setup
	};
}
