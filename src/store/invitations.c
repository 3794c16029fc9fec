/* invitations.c: invitations to make an account, and password resets by e-mail. The links'
 * secrets never reach the database: only their SHA-256, as for sessions and API tokens. */
#include <string.h>
#include "db.h"
#include "invitations.h"

#define INVITATION_COLUMNS "i.id, i.email, i.role, i.language, o.id, o.kind, o.code, o.name, i.invited_by, " \
	"u.name, i.created_at, i.expires_at, i.accepted_at, i.withdrawn_at, i.user_id"
#define INVITATION_FROM " FROM invitations i JOIN organizations o ON o.id = i.org_id JOIN users u ON u.id = i.invited_by "

static void read_invitation(struct db_stmt *st, struct arena *a, void *row)
{
	struct invitation *inv = row;
	inv->id = db_int(st, 0);
	inv->email = arena_strdup(a, db_text(st, 1));
	inv->role = arena_strdup(a, db_text(st, 2));
	inv->language = arena_strdup(a, db_text(st, 3));
	inv->org.id = db_int(st, 4);
	inv->org.kind = arena_strdup(a, db_text(st, 5));
	inv->org.code = db_text(st, 6) ? arena_strdup(a, db_text(st, 6)) : NULL;
	inv->org.name = arena_strdup(a, db_text(st, 7));
	inv->invited_by = db_int(st, 8);
	inv->invited_by_name = arena_strdup(a, db_text(st, 9));
	inv->created_at = db_int(st, 10);
	inv->expires_at = db_int(st, 11);
	inv->accepted_at = db_int(st, 12);
	inv->withdrawn_at = db_int(st, 13);
	inv->user_id = db_int(st, 14);
}

int64_t store_invitation_add(struct db *db, const struct invitation *inv, const char *token_hash)
{
	int64_t id = db_insert(db, "INSERT INTO invitations (token_hash, email, role, org_id, language, invited_by, created_at, expires_at) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "sssisiii", token_hash, inv->email, inv->role,
			       inv->org.id, inv->language, inv->invited_by, inv->created_at, inv->expires_at);
	return id < 0 ? store_code(id) : id;
}

int store_invitation_get(struct db *db, struct arena *a, int64_t id, struct invitation *out)
{
	return db_read_one(db, a, read_invitation, out, "SELECT " INVITATION_COLUMNS INVITATION_FROM "WHERE i.id = ?", "i", id);
}

int store_invitation_by_token(struct db *db, struct arena *a, const char *token_hash, struct invitation *out)
{
	return db_read_one(db, a, read_invitation, out, "SELECT " INVITATION_COLUMNS INVITATION_FROM "WHERE i.token_hash = ?",
			   "s", token_hash);
}

int store_invitations_list(struct db *db, struct arena *a, int64_t sent_from_org, int64_t before, int limit,
			   struct invitation **out, size_t *n)
{
	return DB_READ_ALL(db, a, read_invitation, out, n, "SELECT " INVITATION_COLUMNS INVITATION_FROM
			   "WHERE (? = 0 OR u.org_id = ?) AND (? = 0 OR i.id < ?) ORDER BY i.id DESC LIMIT ?",
			   "iiiii", sent_from_org, sent_from_org, before, before, (int64_t)limit);
}

int64_t store_invitations_pending(struct db *db, const char *email, instant_t now)
{
	int64_t value = 0;
	int rc = db_scalar(db, &value, "SELECT count(*) FROM invitations WHERE email = ? AND accepted_at IS NULL "
			   "AND withdrawn_at IS NULL AND expires_at > ?", "si", email, now);
	return rc == STORE_OK ? value : rc == STORE_ENOTFOUND ? 0 : rc;
}

/* 0 rows changed: the invitation is gone (ENOTFOUND) or no longer pending (ECONFLICT). */
static int pending_changed(struct db *db, int64_t n, int64_t id)
{
	if (n < 0) return store_code(n);
	if (n == 0)
		return db_missing_or_moved(db, "SELECT count(*) FROM invitations WHERE id = ?", id);
	return STORE_OK;
}

int store_invitation_accept(struct db *db, int64_t id, int64_t user_id, instant_t now)
{
	return pending_changed(db, db_exec(db, "UPDATE invitations SET accepted_at = ?, user_id = ? "
					   "WHERE id = ? AND accepted_at IS NULL AND withdrawn_at IS NULL",
					   "iii", now, user_id, id), id);
}

int store_invitation_withdraw(struct db *db, int64_t id, int64_t by_user, instant_t now)
{
	return pending_changed(db, db_exec(db, "UPDATE invitations SET withdrawn_at = ?, withdrawn_by = ? "
					   "WHERE id = ? AND accepted_at IS NULL AND withdrawn_at IS NULL",
					   "iii", now, by_user, id), id);
}

int64_t store_password_reset_add(struct db *db, int64_t user_id, const char *token_hash, instant_t now, instant_t expires)
{
	int64_t id = db_insert(db, "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) "
			       "VALUES (?, ?, ?, ?) RETURNING id", "siii", token_hash, user_id, now, expires);
	return id < 0 ? store_code(id) : id;
}

static void read_password_reset(struct db_stmt *st, struct arena *a, void *row)
{
	struct password_reset *out = row;
	out->id = db_int(st, 0);
	out->user_id = db_int(st, 1);
	out->created_at = db_int(st, 2);
	out->expires_at = db_int(st, 3);
	out->used_at = db_int(st, 4);
}

int store_password_reset_by_token(struct db *db, const char *token_hash, struct password_reset *out)
{
	return db_read_one(db, NULL, read_password_reset, out, "SELECT id, user_id, created_at, expires_at, used_at "
			   "FROM password_resets WHERE token_hash = ?", "s", token_hash);
}

int store_password_reset_use(struct db *db, int64_t id, instant_t now)
{
	int64_t n = db_exec(db, "UPDATE password_resets SET used_at = ? WHERE id = ? AND used_at IS NULL", "ii", now, id);
	return n < 0 ? store_code(n) : n == 0 ? STORE_ECONFLICT : STORE_OK;
}

int store_password_resets_close(struct db *db, int64_t user_id, instant_t now)
{
	return store_code(db_exec(db, "UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL",
				  "ii", now, user_id));
}

int store_user_signins_end(struct db *db, int64_t user_id)
{
	int64_t n = db_exec(db, "DELETE FROM sessions WHERE user_id = ?", "i", user_id);
	if (n >= 0)
		n = db_exec(db, "DELETE FROM api_tokens WHERE user_id = ?", "i", user_id);
	return n < 0 ? store_code(n) : STORE_OK;
}
