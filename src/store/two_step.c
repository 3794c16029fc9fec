/* two_step.c: the second step of signing in: TOTP secrets, recovery codes and the sign-ins
 * awaiting their code. */
#include "db.h"
#include "two_step.h"

static void read_totp(struct db_stmt *st, struct arena *a, void *row)
{
	struct totp_state *out = row;
	out->secret = arena_strdup(a, db_text(st, 0));
	out->pending = arena_strdup(a, db_text(st, 1));
	out->last_step = db_int(st, 2);
}

int store_totp_get(struct db *db, struct arena *a, int64_t user_id, struct totp_state *out)
{
	return db_read_one(db, a, read_totp, out, "SELECT totp_secret, totp_pending, totp_last_step FROM users WHERE id = ?",
			   "i", user_id);
}

int store_totp_set_pending(struct db *db, int64_t user_id, const char *secret_hex)
{
	return store_code(db_exec(db, "UPDATE users SET totp_pending = ? WHERE id = ?", "si", secret_hex, user_id));
}

int store_totp_enable(struct db *db, int64_t user_id, int64_t step)
{
	int64_t n = db_exec(db, "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = ?, "
			    "version = version + 1 WHERE id = ? AND totp_pending IS NOT NULL", "ii", step, user_id);
	return n < 0 ? store_code(n) : n == 0 ? STORE_ECONFLICT : STORE_OK;
}

int store_totp_disable(struct db *db, int64_t user_id)
{
	int64_t n = db_exec(db, "UPDATE users SET totp_secret = NULL, totp_pending = NULL, version = version + 1 WHERE id = ?",
			    "i", user_id);
	if (n >= 0)
		n = db_exec(db, "DELETE FROM recovery_codes WHERE user_id = ?", "i", user_id);
	return n < 0 ? store_code(n) : STORE_OK;
}

int store_totp_use_step(struct db *db, int64_t user_id, int64_t step)
{
	int64_t n = db_exec(db, "UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?", "iii", step,
			    user_id, step);
	return n < 0 ? store_code(n) : n == 0 ? STORE_ECONFLICT : STORE_OK;
}

int store_recovery_codes_set(struct db *db, int64_t user_id, char *const *hashes, size_t n)
{
	int64_t rc = db_exec(db, "DELETE FROM recovery_codes WHERE user_id = ?", "i", user_id);
	for (size_t i = 0; rc >= 0 && i < n; i++)
		rc = db_exec(db, "INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)", "is", user_id, hashes[i]);
	return rc < 0 ? store_code(rc) : STORE_OK;
}

int store_recovery_code_use(struct db *db, int64_t user_id, const char *hash, instant_t now)
{
	int64_t n = db_exec(db, "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
			    "iis", now, user_id, hash);
	return n < 0 ? store_code(n) : n == 0 ? STORE_ENOTFOUND : STORE_OK;
}

int64_t store_recovery_codes_left(struct db *db, int64_t user_id)
{
	int64_t value = 0;
	int rc = db_scalar(db, &value, "SELECT count(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL", "i", user_id);
	return rc == STORE_OK ? value : rc == STORE_ENOTFOUND ? 0 : rc;
}

int store_two_step_challenge_add(struct db *db, const char *token_hash, int64_t user_id, instant_t now, instant_t expires)
{
	int64_t rc = db_exec(db, "DELETE FROM two_step_challenges WHERE expires_at <= ?", "i", now);
	if (rc < 0)
		return store_code(rc);
	return store_code(db_exec(db, "INSERT INTO two_step_challenges (token_hash, user_id, created_at, expires_at) "
				  "VALUES (?, ?, ?, ?)", "siii", token_hash, user_id, now, expires));
}

int64_t store_two_step_challenge_user(struct db *db, const char *token_hash, instant_t now)
{
	int64_t value = 0;
	int rc = db_scalar(db, &value, "SELECT user_id FROM two_step_challenges WHERE token_hash = ? AND expires_at > ?", "si",
			 token_hash, now);
	return rc == STORE_OK ? value : rc == STORE_ENOTFOUND ? 0 : rc;
}

int store_two_step_challenge_delete(struct db *db, const char *token_hash)
{
	return store_code(db_exec(db, "DELETE FROM two_step_challenges WHERE token_hash = ?", "s", token_hash));
}
