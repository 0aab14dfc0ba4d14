-- The operator console: the people who sign in with passkeys, the invitations that enrol them,
-- their sessions and the WebAuthn challenges in flight. Tokens and challenges are kept as SHA-256
-- only. Orders gain what the console shows and searches: when the pickup link was first opened,
-- and the holder's name folded to lower case.

ALTER TABLE orders ADD COLUMN link_opened_at TEXT;
ALTER TABLE orders ADD COLUMN common_name_folded TEXT;
UPDATE orders SET common_name_folded = lower((
	SELECT attribute ->> 'value' FROM json_array_elements(orders.subject_json::json) AS attribute
	WHERE attribute ->> 'type' = 'CN' LIMIT 1
));

CREATE TABLE people (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('office', 'admin')),
	created_at TEXT NOT NULL
);

CREATE TABLE passkeys (
	id TEXT PRIMARY KEY,
	person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	credential_id TEXT NOT NULL UNIQUE,
	public_key BYTEA NOT NULL,
	-- The authenticator's signature counter: one that goes back betrays a cloned authenticator.
	counter INTEGER NOT NULL,
	transports TEXT NOT NULL,
	created_at TEXT NOT NULL,
	last_used_at TEXT
);

CREATE INDEX passkeys_by_person ON passkeys (person_id);

-- One invitation enrols one person with one passkey; person_id is fixed when it is made, as the
-- WebAuthn user handle the passkey will carry.
CREATE TABLE invites (
	id TEXT PRIMARY KEY,
	token_sha256 BYTEA NOT NULL UNIQUE,
	name TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('office', 'admin')),
	person_id TEXT NOT NULL,
	invited_by TEXT,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	used_at TEXT
);

CREATE TABLE console_sessions (
	token_sha256 BYTEA PRIMARY KEY,
	person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	passkey_id TEXT NOT NULL REFERENCES passkeys (id) ON DELETE CASCADE,
	created_at TEXT NOT NULL,
	last_seen_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
);

CREATE INDEX console_sessions_by_expiry ON console_sessions (expires_at);

-- A challenge is good for one ceremony within five minutes.
CREATE TABLE webauthn_challenges (
	challenge_sha256 BYTEA PRIMARY KEY,
	purpose TEXT NOT NULL CHECK (purpose IN ('register', 'sign_in')),
	invite_id TEXT REFERENCES invites (id) ON DELETE CASCADE,
	expires_at TEXT NOT NULL
);

CREATE INDEX webauthn_challenges_by_expiry ON webauthn_challenges (expires_at);
