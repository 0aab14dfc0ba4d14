-- Orders, their certificates, pickup sessions and the audit log.
-- Times are ISO 8601 UTC strings (lexicographic order = time order).

CREATE TABLE orders (
	id TEXT PRIMARY KEY,
	product_id TEXT NOT NULL,
	subject_json TEXT NOT NULL,
	san_json TEXT NOT NULL,
	key_allowed_json TEXT NOT NULL,
	key_recommended TEXT NOT NULL,
	password_policy_id TEXT NOT NULL,
	agreement_version TEXT NOT NULL,
	agreement_sha256 TEXT NOT NULL,
	agreement_accepted_at TEXT,
	validity_months INTEGER NOT NULL CHECK (validity_months BETWEEN 1 AND 39),
	contact TEXT,
	issuance_delay_seconds INTEGER CHECK (issuance_delay_seconds >= 0),
	created_at TEXT NOT NULL,
	pickup_deadline TEXT NOT NULL,
	reissue_of TEXT REFERENCES orders (id),
	status TEXT NOT NULL CHECK (status IN (
		'awaiting_pickup', 'request_received', 'pending', 'issued', 'collected', 'expired', 'cancelled', 'locked'
	)),
	-- The status to return to when an operator unlocks a locked order.
	locked_from TEXT,
	link_secret_sha256 BLOB NOT NULL,
	pickup_password_hash TEXT NOT NULL,
	failed_attempts INTEGER NOT NULL DEFAULT 0,
	csr_der BLOB,
	spki_sha256 TEXT,
	request_received_at TEXT,
	issue_after TEXT,
	collected_at TEXT,
	updated_at TEXT NOT NULL,
	-- Bumped by every change: a writer that read an older revision loses instead of overwriting.
	revision INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX orders_by_spki ON orders (spki_sha256) WHERE spki_sha256 IS NOT NULL;
CREATE INDEX orders_by_status_deadline ON orders (status, pickup_deadline);
CREATE INDEX orders_by_reissue ON orders (reissue_of) WHERE reissue_of IS NOT NULL;

-- Every certificate the CA has signed; the serial is unique across the CA's lifetime.
CREATE TABLE certificates (
	serial_hex TEXT PRIMARY KEY,
	order_id TEXT NOT NULL UNIQUE REFERENCES orders (id),
	der BLOB NOT NULL,
	not_before TEXT NOT NULL,
	not_after TEXT NOT NULL,
	issued_at TEXT NOT NULL
);

CREATE TABLE sessions (
	token_sha256 BLOB PRIMARY KEY,
	order_id TEXT NOT NULL REFERENCES orders (id),
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
);

CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- No foreign key on order_id: failed attempts against unknown order ids are recorded too.
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	at TEXT NOT NULL,
	order_id TEXT,
	actor TEXT NOT NULL,
	address TEXT,
	event TEXT NOT NULL,
	from_status TEXT,
	to_status TEXT,
	detail TEXT
);

CREATE INDEX audit_by_order ON audit_log (order_id, id);
