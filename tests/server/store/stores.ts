/**
 * The two order stores for the store contract suite: each test gets a store on a fresh, empty
 * database of its kind (SQLite in a temporary directory, or a new database on the throw-away
 * PostgreSQL cluster that tests/server/postgres.setup.ts starts for the `server-postgres` project).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, inject } from 'vitest';
import { createDatabase, dropDatabase } from '../../../server/postgres-cluster.ts';
import { openStore } from '../../../server/store/open.ts';
import type { NewOrder, OrderStore } from '../../../server/store/types.ts';
import { randomOrderId } from '../../../server/secrets.ts';

export type StoreKind = OrderStore['kind'];

export const STORE_KINDS: StoreKind[] = ['sqlite', 'postgres'];

/** Where a store's data lives: what `openStore` takes from the configuration. */
export interface StoreLocation {
	dataDir: string;
	databaseUrl?: string;
}

export interface StoreUnderTest {
	/** Opened before each test on an empty database; closed after it. */
	readonly store: OrderStore;
	readonly location: StoreLocation;
	/**
	 * Another store on `location` (by default the test's database), as a second server instance or
	 * the CLI opens it; closed after the test.
	 */
	open(location?: StoreLocation): Promise<OrderStore>;
	/** Another empty database of the same kind, no store opened on it yet; deleted after the test. */
	emptyLocation(): Promise<StoreLocation>;
}

/**
 * A fresh store of `kind` for every test of the enclosing suite. Opened through `openStore`, as the
 * server and the CLI open theirs, so the configuration's choice of store is part of what is tested.
 */
export function withStore(kind: StoreKind): StoreUnderTest {
	let locations: StoreLocation[] = [];
	let opened: OrderStore[] = [];
	const during = <T>(value: T | undefined): T => {
		if (value === undefined) throw new Error('a store exists only while a test runs');
		return value;
	};
	const emptyLocation = async () => {
		const location: StoreLocation = {
			dataDir: mkdtempSync(join(tmpdir(), 'pickup-store-')),
			...(kind === 'postgres' ? { databaseUrl: await createDatabase(inject('postgresUrl')) } : {})
		};
		locations.push(location);
		return location;
	};
	const open = async (location = during(locations[0])) => {
		const store = await openStore(location);
		opened.push(store);
		return store;
	};
	beforeEach(async () => {
		await open(await emptyLocation());
	});
	afterEach(async () => {
		await Promise.all(opened.map((store) => store.close()));
		opened = [];
		for (const { dataDir, databaseUrl } of locations) {
			if (databaseUrl) await dropDatabase(inject('postgresUrl'), databaseUrl);
			rmSync(dataDir, { recursive: true, force: true });
		}
		locations = [];
	});
	return {
		get store() {
			return during(opened[0]);
		},
		get location() {
			return during(locations[0]);
		},
		open,
		emptyLocation
	};
}

const DAY_MS = 86_400_000;

/**
 * An order as `createOrder` would make it, without the scrypt hash (what is stored is only text to
 * the store). `createdAt` defaults to now and the deadline to 30 days later.
 */
export function newOrder(fields: Partial<NewOrder> = {}): NewOrder {
	const createdAt = fields.createdAt ?? new Date().toISOString();
	return {
		id: randomOrderId(),
		productId: 'personal-sign-pro',
		subject: [
			{ type: 'C', value: 'BE' },
			{ type: 'CN', value: 'Zoë Ñúñez-O’Brien' },
			{ type: 'emailAddress', value: 'zoe@example.be' }
		],
		subjectAltNames: [{ type: 'email', value: 'zoe@example.be' }],
		keyPolicy: { allowed: ['RSA-2048', 'P-256'], recommended: 'P-256' },
		passwordPolicyId: 'letters-digits-12',
		agreementVersion: 'subscriber-2026-01',
		agreementSha256: 'a'.repeat(64),
		validityMonths: 12,
		contact: null,
		issuanceDelaySeconds: null,
		createdAt,
		pickupDeadline: new Date(Date.parse(createdAt) + 30 * DAY_MS).toISOString(),
		reissueOf: null,
		linkSecretSha256: Buffer.from(randomOrderId()),
		pickupPasswordHash: 'scrypt$15$8$1$c2FsdA$aGFzaA',
		notifyEmail: null,
		locale: 'en',
		delivery: 'link',
		...fields
	};
}

/**
 * The migrations a database has recorded as applied, oldest first. SQLite keeps only the latest
 * version (PRAGMA user_version), PostgreSQL a row per migration: the list is the version numbers up
 * to SQLite's, and PostgreSQL's rows as they are, so a migration recorded twice would show.
 */
export async function appliedMigrations(location: StoreLocation): Promise<number[]> {
	if (location.databaseUrl) {
		const client = new pg.Client({ connectionString: location.databaseUrl });
		await client.connect();
		try {
			const { rows } = await client.query<{ version: number }>(
				'SELECT version FROM schema_migrations ORDER BY version'
			);
			return rows.map((row) => row.version);
		} finally {
			await client.end();
		}
	}
	const db = new Database(join(location.dataDir, 'orders.sqlite'), { readonly: true });
	try {
		const latest = db.pragma('user_version', { simple: true }) as number;
		return Array.from({ length: latest }, (_, index) => index + 1);
	} finally {
		db.close();
	}
}
