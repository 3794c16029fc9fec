-- 014_identity: single sign-on through OpenID Connect and two-step sign-in (the e-mail domains of
-- each agency, which both read, are in 012).
-- A provider serves one or more agencies; a person it signs in for the first time is linked to
-- the account of their verified e-mail, or gets a new account in the served agency whose
-- domains hold that e-mail's domain. Client secrets never enter the database: a provider names
-- the file or the environment variable that holds its secret.

CREATE TABLE oidc_providers (
	id @ID@,
	name TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL,
	issuer TEXT NOT NULL,
	client_id TEXT NOT NULL,
	secret_file TEXT,
	secret_env TEXT,
	role TEXT NOT NULL,
	-- 1: the provider's e-mail addresses are the organisation's own, verified or not by claim
	-- (Entra ID sends no email_verified)
	email_trusted INTEGER NOT NULL DEFAULT 0,
	active INTEGER NOT NULL DEFAULT 1,
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE oidc_provider_agencies (
	provider_id BIGINT NOT NULL REFERENCES oidc_providers(id),
	agency_id BIGINT NOT NULL REFERENCES organizations(id),
	PRIMARY KEY (provider_id, agency_id)
);

-- A sign-in under way, between the redirect to the provider and its return: the hash of the
-- state (used once), the hash of the browser's binding cookie, the nonce and the PKCE verifier.
CREATE TABLE oidc_logins (
	state_hash TEXT PRIMARY KEY,
	browser_hash TEXT NOT NULL,
	provider_id BIGINT NOT NULL REFERENCES oidc_providers(id),
	nonce TEXT NOT NULL,
	code_verifier TEXT NOT NULL,
	next_path TEXT,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL
);
CREATE INDEX oidc_logins_expiry ON oidc_logins(expires_at);

-- Who a provider's subject is here, once linked.
CREATE TABLE oidc_identities (
	provider_id BIGINT NOT NULL REFERENCES oidc_providers(id),
	subject TEXT NOT NULL,
	user_id BIGINT NOT NULL REFERENCES users(id),
	created_at BIGINT NOT NULL,
	PRIMARY KEY (provider_id, subject)
);
CREATE INDEX oidc_identities_user ON oidc_identities(user_id);

-- Two-step sign-in (TOTP, RFC 6238) for password accounts: the shared secret (hex) once
-- confirmed, the one being enrolled, and the last time step used (a code works once).
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_pending TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;

-- Recovery codes, shown once, kept as SHA-256 hashes; each works once.
CREATE TABLE recovery_codes (
	id @ID@,
	user_id BIGINT NOT NULL REFERENCES users(id),
	code_hash TEXT NOT NULL,
	used_at BIGINT
);
CREATE INDEX recovery_codes_user ON recovery_codes(user_id);

-- A sign-in whose password was right and whose code is awaited.
CREATE TABLE two_step_challenges (
	token_hash TEXT PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users(id),
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL
);

INSERT INTO settings (key, value) VALUES ('auth.two_step_required', '0');
