-- 013_token_expiry: an API token ends at expires_at (a year after it was made unless its maker
-- chose otherwise), and a password reset or a deactivation revokes every token of the account,
-- which the index on user_id keeps to one look-up. Tokens made earlier get a year from their
-- creation.
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
UPDATE api_tokens SET expires_at = created_at + 365 * 86400;
CREATE INDEX api_tokens_user ON api_tokens(user_id, id);
