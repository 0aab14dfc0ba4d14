-- The operator's side as a service: who an order's e-mail goes to and in which language, the
-- operator API's keys, idempotent requests, and the outbox that e-mails and webhook events leave
-- through, written in the same transaction as the change they announce.

-- 'email': the server sends the pickup e-mail; 'link': the CA was given the link to send itself.
ALTER TABLE orders ADD COLUMN notify_email TEXT;
ALTER TABLE orders ADD COLUMN locale TEXT NOT NULL DEFAULT 'en';
ALTER TABLE orders ADD COLUMN delivery TEXT NOT NULL DEFAULT 'link';

CREATE INDEX orders_by_created ON orders (created_at, id);
-- The operator API finds orders by e-mail address whatever its case.
CREATE INDEX orders_by_notify_email ON orders (lower(notify_email)) WHERE notify_email IS NOT NULL;

CREATE TABLE api_keys (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
	-- The key is 256 random bits: SHA-256 is enough to keep a copy of the table from acting.
	secret_sha256 BYTEA NOT NULL,
	created_at TEXT NOT NULL,
	revoked_at TEXT,
	last_used_at TEXT
);

-- A request made with an Idempotency-Key, kept 24 hours. The answer may carry a generated pickup
-- password or a link, so it is stored sealed under a key derived from the Idempotency-Key, which
-- only the client holds: the table alone reveals nothing.
CREATE TABLE idempotency_records (
	api_key_id TEXT NOT NULL REFERENCES api_keys (id),
	key_sha256 BYTEA NOT NULL,
	request_hmac BYTEA NOT NULL,
	created_at TEXT NOT NULL,
	completed_at TEXT,
	response_status INTEGER,
	response_sealed BYTEA,
	PRIMARY KEY (api_key_id, key_sha256)
);

CREATE INDEX idempotency_by_created ON idempotency_records (created_at);

CREATE TABLE outbox (
	id TEXT PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('email', 'webhook')),
	order_id TEXT REFERENCES orders (id),
	topic TEXT NOT NULL,
	-- An e-mail's payload holds the pickup link: erased once the message is sent or given up.
	payload TEXT,
	status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'superseded')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TEXT NOT NULL,
	-- While set and in the future, one instance is delivering the message.
	claimed_until TEXT,
	claim_token TEXT,
	last_response TEXT,
	created_at TEXT NOT NULL,
	sent_at TEXT
);

CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_order ON outbox (order_id, created_at);
