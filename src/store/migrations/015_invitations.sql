-- 015_invitations: invitations to make an account, and password resets by e-mail. Only the
-- SHA-256 of each link's secret is kept, as for sessions and API tokens.
CREATE TABLE invitations (
	id @ID@,
	token_hash TEXT NOT NULL UNIQUE,
	email TEXT NOT NULL,
	role TEXT NOT NULL,
	org_id BIGINT NOT NULL REFERENCES organizations(id),
	language TEXT NOT NULL DEFAULT 'en',
	invited_by BIGINT NOT NULL REFERENCES users(id),
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	accepted_at BIGINT,
	user_id BIGINT REFERENCES users(id),
	withdrawn_at BIGINT,
	withdrawn_by BIGINT REFERENCES users(id)
);
CREATE INDEX invitations_email ON invitations(email);
CREATE INDEX invitations_org ON invitations(org_id);

CREATE TABLE password_resets (
	id @ID@,
	token_hash TEXT NOT NULL UNIQUE,
	user_id BIGINT NOT NULL REFERENCES users(id),
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	used_at BIGINT
);
CREATE INDEX password_resets_user ON password_resets(user_id);

INSERT INTO settings (key, value) VALUES ('invitation.days', '7'), ('password_reset.minutes', '60');
