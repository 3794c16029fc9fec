-- 001_core: organisations, accounts, sessions, throttling, settings, audit log.
-- Instants are BIGINT seconds since the epoch (UTC); @ID@ is the engine's auto-increment key.
CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE organizations (
	id @ID@,
	kind TEXT NOT NULL CHECK (kind IN ('agency', 'partner')),
	code TEXT UNIQUE,
	name TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE users (
	id @ID@,
	email TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	role TEXT NOT NULL,
	org_id BIGINT NOT NULL REFERENCES organizations(id),
	language TEXT NOT NULL DEFAULT 'en',
	active INTEGER NOT NULL DEFAULT 1,
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX users_org ON users(org_id);

CREATE TABLE sessions (
	id_hash TEXT PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users(id),
	csrf_token TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
	id @ID@,
	user_id BIGINT NOT NULL REFERENCES users(id),
	name TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	created_at BIGINT NOT NULL,
	revoked_at BIGINT
);

CREATE TABLE login_failures (
	id @ID@,
	key TEXT NOT NULL,
	at BIGINT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);

CREATE TABLE audit_log (
	id @ID@,
	at BIGINT NOT NULL,
	user_id BIGINT,
	object_type TEXT NOT NULL,
	object_id BIGINT,
	action TEXT NOT NULL,
	request_id TEXT
);
CREATE INDEX audit_object ON audit_log(object_type, object_id);
CREATE INDEX audit_user ON audit_log(user_id);

INSERT INTO settings (key, value) VALUES
	('rating.full_min', '8'),
	('rating.medium_min', '6'),
	('validity.years', '5'),
	('expiring.months', '12'),
	('csip.due_months', '1'),
	('csip.reassessment_months', '6'),
	('upload.max_bytes', '20971520'),
	('incident.onward_hours', '36'),
	('alerts.email', '0');
